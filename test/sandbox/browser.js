'use strict';
// Debian Chromium driven by playwright-core, resolving the production hostnames to the sandbox (docs/platform-facts.md, "Driving real MSAL against an emulated Entra").
// Clicking the control and reading its panel is test/e2e/browserKit.js's (the one kit every suite and script uses).

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

function chromePath() {
    const exe = process.env.CHROME_PATH || '/usr/bin/chromium';
    if (!fs.existsSync(exe)) {
        throw new Error(`Chromium not found at ${exe}. Install it with "apt-get install chromium" or set CHROME_PATH to a Chromium/Chrome executable.`);
    }
    return exe;
}

function args(sandbox) {
    return [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--ignore-certificate-errors',
        `--host-resolver-rules=${sandbox.hostResolverRules}`,
    ];
}

/**
 * Launch Chromium for a started sandbox. Returns { browser, context, newPage, close }.
 * Options: headless (default true), allowThirdPartyCookies (a persistent profile with cookie_controls_mode 0,
 * so ssoSilent's hidden iframe gets the Entra session cookie; fresh profiles block them), slowMo.
 */
async function launch(sandbox, { headless = true, allowThirdPartyCookies = false, slowMo } = {}) {
    const base = { executablePath: chromePath(), headless, args: args(sandbox), slowMo };
    let browser = null,
        context,
        profileDir = null;
    if (allowThirdPartyCookies) {
        // Playwright refuses --user-data-dir in args: use a persistent context on a prepared profile.
        profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowinvoker-profile-'));
        fs.mkdirSync(path.join(profileDir, 'Default'), { recursive: true });
        fs.writeFileSync(path.join(profileDir, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
        context = await chromium.launchPersistentContext(profileDir, { ...base, ignoreHTTPSErrors: true, viewport: { width: 1200, height: 800 } });
    } else {
        browser = await chromium.launch(base);
        context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1200, height: 800 } });
    }
    return {
        browser,
        context,
        newPage: () => context.newPage(),
        close: async () => {
            await context.close().catch(() => undefined);
            if (browser) await browser.close().catch(() => undefined);
            if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
        },
    };
}

/** Click a user on the Entra sign-in page in a popup (the popup closes itself through the redirect bridge). */
async function signInPopup(popup, upn) {
    const button = popup.locator(`[data-testid="signin-user-${upn}"]`);
    await button.waitFor({ timeout: 15000 });
    await button.click();
}

module.exports = { launch, signInPopup, chromePath };
