'use strict';
// Form configs with the "Check setup" button on (showSetupCheck): `check-<config>` for each setup the check must judge.
// Required once in the process (the browser suite, `npm start -- --config check-<name>`); adds to tenant.js's CONFIGS.
const T = require('./tenant');

const BROKEN = ['echo', 'unknownClient', 'badRedirect', 'noConsent', 'off', 'recurrence', 'getTrigger', 'anyone',
    'anyoneAllowed', 'specificUsers', 'urlVariable'];

for (const name of BROKEN) {
    const base = T.CONFIGS[name];
    if (!base) throw new Error(`setupCheckConfigs: no sandbox config '${name}'`);
    T.CONFIGS[`check-${name}`] = { ...base, controls: base.controls.map((c) => ({ ...c, showSetupCheck: true })) };
}

module.exports = { CHECK_CONFIGS: BROKEN.map((name) => `check-${name}`) };
