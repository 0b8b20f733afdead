'use strict';
// Browser side of the imitation form: builds a PCF context the way a model-driven form hands it to a control.
// Undocumented members (orgSettings.tenantId, userSettings.aadObjectId) are present unless the config says
// `undocumented: false`, so the control's fallbacks can be exercised (docs/platform-facts.md, "Ids from the model-driven app").
(function () {
    const Fluent = window.FluentUIReactv940;

    // Entity logical name → entity set name, as Xrm resolves it from metadata.
    const ENTITY_SETS = {
        workflow: 'workflows',
        systemuser: 'systemusers',
        organization: 'organizations',
        environmentvariabledefinition: 'environmentvariabledefinitions',
        account: 'accounts',
    };
    const entitySet = (n) => ENTITY_SETS[n] || (n.endsWith('y') ? `${n.slice(0, -1)}ies` : `${n}s`);

    // Xrm.WebApi rejects with an Error-like object carrying the Dataverse error code as a number.
    function webApiError(status, body, fallback) {
        const e = (body && body.error) || {};
        const code = e.code && /^0x/i.test(e.code) ? parseInt(e.code, 16) >>> 0 : 0x80004005;
        const err = new Error(e.message || fallback || `HTTP ${status}`);
        return Object.assign(err, { errorCode: code, code, title: 'Error', raw: body ? JSON.stringify(body) : '', innerror: e.innererror });
    }

    async function send(method, url, body) {
        let res;
        try {
            res = await fetch(url, {
                method,
                credentials: 'same-origin',
                headers: {
                    Accept: 'application/json',
                    'Content-Type': 'application/json; charset=utf-8',
                    'OData-MaxVersion': '4.0',
                    'OData-Version': '4.0',
                    Prefer: 'odata.include-annotations="*"',
                },
                body: body ? JSON.stringify(body) : undefined,
            });
        } catch (e) {
            throw webApiError(0, null, e.message);
        }
        const text = await res.text();
        const json = text ? JSON.parse(text) : null;
        if (!res.ok) throw webApiError(res.status, json);
        return Object.defineProperty(json || {}, '__headers', { value: res.headers, enumerable: false });
    }

    // Xrm.WebApi.createRecord resolves { entityType, id } with the id taken from the OData-EntityId header of the 204.
    const idFromEntityId = (r) => {
        const m = /\(([0-9a-f-]{36})\)\s*$/i.exec((r.__headers && r.__headers.get('OData-EntityId')) || '');
        return m ? m[1] : '';
    };

    function makeWebApi(cfg) {
        const api = `${cfg.org.clientUrl}/api/data/v9.2/`;
        const key = (id) => String(id).replace(/[{}]/g, ''); // Xrm accepts ids with braces; the Web API does not
        const q = (options) => (options ? (options.startsWith('?') ? options : `?${options}`) : '');
        return {
            retrieveRecord: (entity, id, options) => send('GET', `${api}${entitySet(entity)}(${key(id)})${q(options)}`),
            retrieveMultipleRecords: async (entity, options) => {
                const r = await send('GET', `${api}${entitySet(entity)}${q(options)}`);
                return { entities: r.value || [], nextLink: r['@odata.nextLink'] };
            },
            createRecord: (entity, data) => send('POST', `${api}${entitySet(entity)}`, data).then((r) => ({ entityType: entity, id: idFromEntityId(r) })),
            updateRecord: (entity, id, data) => send('PATCH', `${api}${entitySet(entity)}(${key(id)})`, data).then(() => ({ entityType: entity, id })),
            deleteRecord: (entity, id) => send('DELETE', `${api}${entitySet(entity)}(${key(id)})`).then(() => ({ entityType: entity, id })),
        };
    }

    const dateOf = (iso) => {
        const [y, m, d] = iso.split('-').map(Number);
        return new Date(y, m - 1, d);
    };

    /** A form column as the platform hands a bound property over: typed raw value, the text the form shows, metadata. */
    function columnParameter(cfg, name, column, value) {
        const fmt = (o) => new Intl.NumberFormat(cfg.locale, o);
        let raw = value ?? null,
            formatted = '';
        switch (column.type) {
            case 'Whole.None':
                formatted = raw === null ? '' : fmt({ maximumFractionDigits: 0 }).format(raw);
                break;
            case 'Currency':
                formatted = raw === null ? '' : fmt({ style: 'currency', currency: 'USD' }).format(raw);
                break;
            case 'DateAndTime.DateOnly':
                raw = raw === null ? null : dateOf(raw);
                formatted = raw ? raw.toLocaleDateString(cfg.locale) : '';
                break;
            case 'OptionSet':
                formatted = raw === null ? '' : (column.options.find((o) => o.Value === raw) || {}).Label || '';
                break;
            case 'TwoOptions':
                raw = !!raw;
                formatted = column.options[raw ? 1 : 0].Label;
                break;
            case 'Lookup.Simple':
                raw = raw ? [{ ...raw }] : [];
                formatted = value ? value.name : '';
                break;
            default:
                formatted = raw ?? '';
        }
        return {
            raw,
            formatted,
            type: column.type,
            error: false,
            errorMessage: '',
            attributes: {
                LogicalName: name,
                DisplayName: column.label,
                Type: column.type,
                RequiredLevel: 0,
                ...(column.options ? { Options: column.options } : {}),
                ...(column.targets ? { Targets: ['contact'] } : {}),
                ...(column.maxLength ? { MaxLength: column.maxLength } : {}),
            },
            security: { editable: !cfg.disabled, readable: true, secured: false },
        };
    }

    /** `live` holds the form's current column values (unsaved edits included); `values.bind` maps inputN → column. */
    function makeParameters(cfg, values, bound, live = {}) {
        const params = {};
        for (const p of cfg.properties) {
            if (p.usage === 'bound' && p.name === 'result') {
                params[p.name] = {
                    raw: bound.value,
                    formatted: bound.value ?? '',
                    type: p.type,
                    error: false,
                    errorMessage: '',
                    attributes: { LogicalName: `cc_${p.name}`, DisplayName: 'Flow result', MaxLength: 4000, RequiredLevel: 0, Type: 'memo' },
                    security: { editable: !cfg.disabled, readable: true, secured: false },
                };
                continue;
            }
            if (p.usage === 'bound') {
                // input1..input5: the column the maker bound, or nothing
                const col = values.bind && values.bind[p.name];
                params[p.name] =
                    col && cfg.columns[col]
                        ? columnParameter(cfg, col, cfg.columns[col], live[col])
                        : { raw: null, formatted: '', type: p.type, error: false, errorMessage: '', attributes: {} };
                continue;
            }
            const raw = values[p.name] !== undefined && values[p.name] !== null ? String(values[p.name]) : p.defaultValue;
            if (p.type === 'TwoOptions') {
                // the platform hands a Yes/No property over as a boolean, not text
                const on = raw === 'true' || raw === '1';
                params[p.name] = { raw: on, formatted: on ? 'Yes' : 'No', type: p.type, error: false, errorMessage: '' };
                continue;
            }
            if (p.type === 'Whole.None') {
                // and a whole number as a number
                const n = raw === null || raw === undefined || raw === '' ? null : Number(raw);
                params[p.name] = { raw: n, formatted: n === null ? '' : String(n), type: p.type, error: false, errorMessage: '' };
                continue;
            }
            params[p.name] = { raw: raw ?? null, formatted: raw ?? '', type: p.type, error: false, errorMessage: '' };
        }
        return params;
    }

    function makeStrings(resxText) {
        const strings = {};
        if (!resxText) return strings;
        const doc = new DOMParser().parseFromString(resxText, 'text/xml');
        for (const d of doc.querySelectorAll('data')) strings[d.getAttribute('name')] = d.querySelector('value')?.textContent ?? '';
        return strings;
    }

    /** One context per control instance; `host` gives the callbacks the platform wires up. */
    function buildContext(cfg, values, bound, strings, host, live) {
        const u = cfg.user;
        const dialog =
            (name) =>
            (...args) => {
                host.event(name, args);
                return Promise.resolve({ confirmed: true });
            };
        return {
            parameters: makeParameters(cfg, values, bound, live),
            updatedProperties: [],
            mode: {
                isControlDisabled: cfg.disabled,
                isVisible: true,
                label: values.buttonLabel || 'Run flow',
                allocatedWidth: -1,
                allocatedHeight: -1,
                setControlState: () => true,
                setFullScreen: () => undefined,
                trackContainerResize: () => undefined,
                contextInfo: { entityId: cfg.record.entityId, entityTypeName: cfg.record.entityTypeName, entityRecordName: cfg.record.name },
            },
            userSettings: {
                userId: `{${u.systemuserid.toUpperCase()}}`,
                userName: u.name,
                languageId: cfg.languageId,
                isRTL: cfg.rtl,
                isHighContrastEnabled: false,
                securityRoles: [],
                timeZoneOffsetMinutes: 0,
                getTimeZoneOffsetMinutes: () => 0,
                dateFormattingInfo: {},
                numberFormattingInfo: {},
                ...(cfg.undocumented ? { aadObjectId: u.oid } : {}),
            },
            orgSettings: {
                languageId: 1033,
                uniqueName: cfg.org.uniqueName,
                isAutoSaveEnabled: true,
                attributes: {},
                ...(cfg.undocumented ? { tenantId: cfg.org.tenantId } : {}),
            },
            fluentDesignLanguage: { tokenTheme: cfg.dark ? Fluent.webDarkTheme : Fluent.webLightTheme, isDarkTheme: cfg.dark },
            // Manifest events: the handler the maker attached in the form designer (the host records each call).
            events: { OnRunCompleted: () => host.event('OnRunCompleted', [host.boundValue()]) },
            resources: {
                getString: (k) => (k in strings ? strings[k] : (host.event('missingString', [k]), k)),
                getResource: (id, ok, fail) =>
                    fetch(cfg.base + id)
                        .then((r) => r.arrayBuffer())
                        .then((b) => ok(btoa(String.fromCharCode(...new Uint8Array(b)))))
                        .catch(fail),
            },
            webAPI: makeWebApi(cfg),
            factory: { requestRender: () => host.requestRender(), getPopupService: () => ({}) },
            client: { getClient: () => 'Web', getFormFactor: () => 1, isOffline: () => false, isNetworkAvailable: () => true, disableScroll: false },
            navigation: {
                openAlertDialog: dialog('openAlertDialog'),
                openConfirmDialog: dialog('openConfirmDialog'),
                openErrorDialog: dialog('openErrorDialog'),
                openUrl: dialog('openUrl'),
                openWebResource: dialog('openWebResource'),
                openForm: dialog('openForm'),
            },
            utils: {
                getEntityMetadata: (n) => Promise.resolve({ LogicalName: n, EntitySetName: entitySet(n) }),
                hasEntityPrivilege: (entity) => entity !== 'workflow' || u.canReadWorkflow,
                lookupObjects: () => Promise.resolve([]),
            },
            formatting: { formatDateShort: (d) => d.toLocaleDateString('en-US'), formatInteger: (n) => String(n) },
            device: {},
        };
    }

    // Xrm.Utility.getGlobalContext with the undocumented bapEnvironmentId (docs/platform-facts.md, "Ids from the model-driven app"), when the config has Xrm.
    function installXrm(cfg) {
        window.Xrm = {
            Utility: {
                getGlobalContext: () => ({
                    organizationSettings: {
                        uniqueName: cfg.org.uniqueName,
                        languageId: 1033,
                        ...(cfg.undocumented ? { bapEnvironmentId: cfg.org.environmentId, tenantId: cfg.org.tenantId } : {}),
                    },
                    userSettings: { userId: `{${cfg.user.systemuserid.toUpperCase()}}`, userName: cfg.user.name, languageId: cfg.languageId },
                    getClientUrl: () => cfg.org.clientUrl,
                    getVersion: () => '9.2.25053.00180',
                }),
            },
            WebApi: makeWebApi(cfg),
        };
    }

    window.SandboxContext = { buildContext, makeParameters, makeStrings, installXrm };
})();
