'use strict';
// On the REAL production bundle: the form hosts the platform library pair FLOWINVOKER_PLATFORM names
// (react16, the default: React 16.14.0 / Fluent 9.46.2 as the manifest declares; react17: React 17.0.2 / Fluent 9.68,
// what model-driven apps load), so the suites' second run in `npm test` cannot silently run the old pair.
// Run: FLOWINVOKER_PLATFORM=react17 node --test test/e2e/platformLibraries.browser.test.js
const test = require('node:test');
const assert = require('node:assert/strict');
const T = require('../sandbox/tenant');
const { createFormHost } = require('../sandbox/form');
const { suiteKit, newUser, openForm, clickRun, findLeaks } = require('./browserKit');

// Written out here, not taken from form/index.js, so a wrong table there fails this test.
const EXPECTED = {
    react16: { react: '16.14.0', fluent: /^9\.46\.2$/ },
    react17: { react: '17.0.2', fluent: /^9\.68\.\d+$/ },
};
const NAME = process.env.FLOWINVOKER_PLATFORM || 'react16';
const expected = EXPECTED[NAME];

const kit = suiteKit();

async function open(config) {
    const u = await newUser(kit);
    const errors = [];
    u.context.on('page', (p) => p.on('pageerror', (e) => errors.push(String(e))));
    return { u, page: await openForm(kit, u, config), errors };
}

test(`platform: the form hosts the pair FLOWINVOKER_PLATFORM names (${NAME})`, async () => {
    assert.ok(expected, `FLOWINVOKER_PLATFORM=${NAME} is not a pair this suite knows`);
    const { page, errors } = await open('echo');
    const hosted = await page.evaluate(() => ({
        platform: window.__sandboxForm.platform,
        react: window.Reactv16.version,
        hasFluent: typeof window.FluentUIReactv940.FluentProvider === 'object' || typeof window.FluentUIReactv940.FluentProvider === 'function',
    }));
    assert.equal(hosted.platform.name, NAME);
    assert.equal(hosted.react, expected.react, 'window.Reactv16 is the expected React');
    assert.equal(hosted.platform.react, expected.react);
    assert.equal(hosted.platform.reactDom, expected.react, 'the host renders with the matching react-dom');
    assert.match(hosted.platform.fluent, expected.fluent, 'FluentUIReactv940 is the expected Fluent');
    assert.ok(hosted.hasFluent, 'FluentUIReactv940 exports FluentProvider');
    // The control's button was rendered by that React: React 17 tags DOM nodes __reactFiber$…, React 16 __reactInternalInstance$….
    const keys = await page
        .getByTestId('flowinvoker-run')
        .first()
        .evaluate((e) => Object.keys(e).filter((k) => k.startsWith('__react')));
    const fiberKey = expected.react.startsWith('17.') ? '__reactFiber$' : '__reactInternalInstance$';
    assert.ok(
        keys.some((k) => k.startsWith(fiberKey)),
        `the run button carries ${fiberKey} (has ${keys.join(', ')})`,
    );
    assert.deepEqual(errors, [], 'no page error');
});

test(`platform: on ${NAME} a click runs the flow as the user and the panel shows Completed`, async () => {
    const { u, page, errors } = await open('echo');
    const shown = await clickRun(page);
    assert.equal(shown.status, 'Completed');
    assert.equal(shown.httpStatus, '200');
    assert.equal(kit.srv.state.runs.length, 1, 'exactly one run');
    assert.equal(kit.srv.state.runs[0].caller.upn, T.USERS.adele.upn);
    assert.equal(u.popups, 1, 'one sign-in popup');
    // The panel is a Fluent drawer on this pair too: it takes the focus, Escape closes it, the focus returns to the button.
    await page.waitForFunction(
        () => {
            const drawer = document.querySelector('[data-testid="flowinvoker-panel"]')?.closest('.fui-DrawerBody')?.parentElement;
            return !!drawer && drawer.contains(document.activeElement);
        },
        null,
        { timeout: 10000 },
    );
    await page.keyboard.press('Escape');
    await page.getByTestId('flowinvoker-panel').waitFor({ state: 'detached', timeout: 10000 });
    await page
        .waitForFunction(() => document.activeElement && document.activeElement.getAttribute('data-testid') === 'flowinvoker-run', null, { timeout: 10000 })
        .catch(async () => {
            const on = await page.evaluate(
                () => document.activeElement && (document.activeElement.getAttribute('data-testid') || document.activeElement.tagName),
            );
            assert.fail(`focus returns to the run button after Escape (it is on ${on})`);
        });
    assert.deepEqual(await findLeaks(kit, u), []);
    assert.deepEqual(errors, [], 'no page error');
});

test('platform: an unknown FLOWINVOKER_PLATFORM stops the sandbox instead of hosting a default pair', () => {
    const saved = process.env.FLOWINVOKER_PLATFORM;
    process.env.FLOWINVOKER_PLATFORM = 'react18';
    try {
        assert.throws(() => createFormHost(), /Unknown platform 'react18'.*react16 or react17/);
    } finally {
        if (saved === undefined) delete process.env.FLOWINVOKER_PLATFORM;
        else process.env.FLOWINVOKER_PLATFORM = saved;
    }
    assert.throws(() => createFormHost({ platform: 'React17' }), /Unknown platform 'React17'/);
});
