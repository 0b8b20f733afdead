'use strict';
// Form configs with the "Check setup" button on (showSetupCheck): `check-<config>` for each setup the check must judge.
// Required once in the process (the browser suite, `npm start -- --config check-<name>`); adds to configs.js's CONFIGS.
const T = require('./');

const BROKEN = [
    'echo',
    'unknownClient',
    'badRedirect',
    'noConsent',
    'off',
    'recurrence',
    'getTrigger',
    'anyone',
    'anyoneAllowed',
    'specificUsers',
    'urlVariable',
];

for (const name of BROKEN) {
    const base = T.CONFIGS[name];
    if (!base) throw new Error(`setupCheckConfigs: no sandbox config '${name}'`);
    T.CONFIGS[`check-${name}`] = { ...base, controls: base.controls.map((c) => ({ ...c, showSetupCheck: true })) };
}

// workflowId beside callbackUrlVariable: the check asks listCallbackUrl for the echo flow and offers to store its URL in the
// empty variable fi_StoredFlowUrl; users then run the flow from the variable (README "Setup check").
T.CONFIGS['check-storeUrl'] = {
    cloud: 'Public',
    controls: T.CONFIGS.echo.controls.map((c) => ({ ...c, callbackUrlVariable: 'fi_StoredFlowUrl', showSetupCheck: true })),
};

module.exports = { CHECK_CONFIGS: [...BROKEN.map((name) => `check-${name}`), 'check-storeUrl'] };

/** `npm start -- --headless --config check-<name>`: clicks Check setup, signs in if asked, prints the report. */
async function runHeadlessCheck(page, upn) {
    const { signInPopup } = require('../browser');
    await page.evaluate(() => {
        Object.defineProperty(navigator, 'clipboard', {
            value: {
                writeText: (text) => {
                    window.__copied = text;
                    return Promise.resolve();
                },
            },
        });
    });
    page.context().on('page', (p) => signInPopup(p, upn).catch(() => undefined));
    await page.getByTestId('flowinvoker-check-setup').first().click();
    await page.getByTestId('setup-steps').waitFor({ timeout: 30000 });
    await page.getByTestId('setup-copy').click();
    const report = await page.waitForFunction(() => window.__copied).then((h) => h.jsonValue());
    console.log(`\n${report}`);
    const problems = (report.match(/^✗ /gm) || []).length;
    return `Setup check done: ${problems} problem${problems === 1 ? '' : 's'}`;
}

module.exports.runHeadlessCheck = runHeadlessCheck;
module.exports.isCheckConfig = (name) => module.exports.CHECK_CONFIGS.includes(name);
