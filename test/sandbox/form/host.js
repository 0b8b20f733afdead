'use strict';
// Browser side of the imitation form: captures ComponentFramework.registerControl, loads the control's bundle,
// and drives init → updateView → (notifyOutputChanged → getOutputs → updateView) → destroy as the platform does.
// Everything the host did is in window.__sandboxForm.events for tests.
(function () {
    const React = window.Reactv16;
    const ReactDOM = window.SandboxReactDOM;
    const cfg = JSON.parse(document.getElementById('sandbox-form-config').textContent);
    const registered = {};
    // The record's current column values: edits on the page change them at once (unsaved), as on a real form.
    const live = Object.fromEntries(Object.entries(cfg.columns || {}).map(([name, c]) => [name, c.value]));
    const state = { events: [], controls: [], registered, config: cfg, live };
    window.__sandboxForm = state;
    const event = (type, detail) => state.events.push({ type, detail, at: Math.round(performance.now()) });

    // Timing hooks: when a click landed (capture phase, before the control sees it) and when the page asked for a window,
    // so a suite can tell whether the sign-in popup opened on the click's own activation.
    document.addEventListener(
        'click',
        (e) => {
            const target = e.target && e.target.closest ? e.target.closest('[data-testid]') : null;
            event('click', target ? target.dataset.testid : null);
        },
        true,
    );
    const openWindow = window.open;
    window.open = function (...args) {
        event('window.open', String(args[0] || '').slice(0, 40));
        return openWindow.apply(this, args);
    };

    // pcf-scripts bundles register here if it exists, else set a global (docs/platform-facts.md, "PCF tooling").
    window.ComponentFramework = {
        registerControl: (name, ctor) => {
            registered[name] = ctor;
            event('registerControl', name);
        },
    };
    if (cfg.xrm) window.SandboxContext.installXrm(cfg);

    function loadScript(src) {
        return new Promise((resolve, reject) => {
            const s = document.createElement('script');
            s.src = src;
            s.onload = resolve;
            s.onerror = () => reject(new Error(`Could not load ${src}`));
            document.head.appendChild(s);
        });
    }

    function fieldSlot(index, label) {
        const field = document.createElement('div');
        field.className = 'field';
        field.innerHTML =
            '<label class="field-label"></label><div class="field-control"></div>' +
            '<div class="field-bound"><span>Stored value: </span><output></output></div>';
        field.querySelector('label').textContent = label;
        field.querySelector('.field-control').dataset.testid = `form-field-${index}`;
        field.querySelector('output').dataset.testid = `form-bound-result-${index}`;
        document.getElementById('form-fields').appendChild(field);
        return field;
    }

    // One editor per column (text, number, date, choice, lookup, yes/no). A change is an unsaved edit: the platform
    // then calls updateView on every control bound to that column with updatedProperties naming its inputN.
    function columnEditors() {
        const section = document.getElementById('form-columns');
        const names = Object.keys(cfg.columns || {});
        if (!names.length) {
            section.remove();
            return;
        }
        for (const name of names) {
            const c = cfg.columns[name];
            const row = document.createElement('div');
            row.className = 'field';
            const label = document.createElement('label');
            label.className = 'field-label';
            label.textContent = c.label;
            label.htmlFor = `col-${name}`;
            let input;
            if (c.type === 'OptionSet' || c.type === 'Lookup.Simple') {
                input = document.createElement('select');
                const opts = c.type === 'OptionSet' ? c.options.map((o) => [String(o.Value), o.Label]) : c.targets.map((t) => [t.id, t.name]);
                for (const [v, text] of [['', '---'], ...opts]) input.add(new Option(text, v));
                input.value = c.type === 'OptionSet' ? String(live[name] ?? '') : live[name] ? live[name].id : '';
            } else {
                input = document.createElement('input');
                input.type = { 'Whole.None': 'number', Currency: 'number', 'DateAndTime.DateOnly': 'date', TwoOptions: 'checkbox' }[c.type] || 'text';
                if (c.type === 'Currency') input.step = '0.01';
                if (c.type === 'TwoOptions') input.checked = !!live[name];
                else input.value = live[name] ?? '';
            }
            input.id = `col-${name}`;
            input.dataset.testid = `form-column-${name}`;
            input.disabled = cfg.disabled;
            input.addEventListener('change', () => {
                const v = input.value;
                live[name] =
                    c.type === 'TwoOptions'
                        ? input.checked
                        : c.type === 'Whole.None' || c.type === 'Currency'
                          ? v === ''
                              ? null
                              : Number(v)
                          : c.type === 'OptionSet'
                            ? v === ''
                                ? null
                                : Number(v)
                            : c.type === 'Lookup.Simple'
                              ? c.targets.find((t) => t.id === v) || null
                              : v === ''
                                ? null
                                : v;
                event('columnChanged', { column: name, value: live[name] });
                for (const ctl of state.controls) {
                    const inputs = Object.entries(ctl.values.bind || {})
                        .filter(([, col]) => col === name)
                        .map(([prop]) => prop);
                    if (inputs.length) ctl.rerender(inputs);
                }
            });
            row.append(label, input);
            section.appendChild(row);
        }
    }

    function mount(Ctor, values, index, strings) {
        const field = fieldSlot(index, values.buttonLabel || 'Run flow');
        const slot = field.querySelector('.field-control');
        const bound = { value: null };
        const c = { index, instance: new Ctor(), slot, bound, values, outputs: [], destroyed: false, renderQueued: false };
        state.controls.push(c);
        // A control that calls the platform after destroy() is flagged `late`: the platform would have thrown it away.
        const late = () => (c.destroyed ? { late: true } : {});
        const host = {
            event: (type, detail) => event(type, { control: index, detail, ...late() }),
            requestRender: () => queueRender([]),
            boundValue: () => bound.value, // what the form script reads from the column when OnRunCompleted fires
        };
        c.context = window.SandboxContext.buildContext(cfg, values, bound, strings, host, live);

        const render = (updated) => {
            if (c.destroyed) return;
            c.context.parameters = window.SandboxContext.makeParameters(cfg, values, bound, live);
            c.context.updatedProperties = updated;
            event('updateView', { control: index, updatedProperties: updated });
            try {
                ReactDOM.render(c.instance.updateView(c.context), slot);
            } catch (e) {
                fail(slot, e);
            }
        };
        const queueRender = (updated) => {
            if (c.renderQueued) return;
            c.renderQueued = true;
            setTimeout(() => {
                c.renderQueued = false;
                render(updated);
            }, 0);
        };
        // The platform reads outputs asynchronously, writes them into the bound column and calls updateView again.
        const notifyOutputChanged = () => {
            event('notifyOutputChanged', { control: index, ...late() });
            setTimeout(() => {
                if (c.destroyed) return;
                const out = c.instance.getOutputs ? c.instance.getOutputs() : {};
                c.outputs.push(out);
                event('getOutputs', { control: index, outputs: out });
                const changed = Object.keys(out).filter((k) => cfg.properties.some((p) => p.name === k && p.usage === 'bound'));
                for (const k of changed) bound.value = out[k] ?? null;
                field.querySelector('output').textContent = bound.value ?? '';
                render(changed);
            }, 0);
        };
        c.rerender = (updated) => render(updated);
        event('init', { control: index });
        c.instance.init(c.context, notifyOutputChanged, {}, undefined);
        render([]);
        return c;
    }

    function destroyAll(reason) {
        for (const c of state.controls) {
            if (c.destroyed) continue;
            c.destroyed = true;
            event('destroy', { control: c.index, reason });
            try {
                c.instance.destroy();
            } finally {
                ReactDOM.unmountComponentAtNode(c.slot);
            }
        }
    }

    function fail(where, e) {
        event('error', String(e && e.stack ? e.stack : e));
        const p = document.createElement('p');
        p.dataset.testid = 'form-control-error';
        p.className = 'form-error';
        p.textContent = `Error loading control: ${e && e.message ? e.message : e}`;
        where.appendChild(p);
    }

    async function start() {
        const strings = window.SandboxContext.makeStrings(cfg.resx ? await fetch(cfg.resx).then((r) => (r.ok ? r.text() : '')) : '');
        await loadScript(cfg.bundle);
        const Ctor = registered[cfg.controlName];
        if (!Ctor) throw new Error(`The bundle did not register ${cfg.controlName}`);
        columnEditors();
        cfg.controls.forEach((values, i) => mount(Ctor, values, i, strings));
        event('ready');
        document.body.dataset.formReady = 'true';
    }

    document.getElementById('form-close').addEventListener('click', () => destroyAll('close'));
    window.addEventListener('pagehide', () => destroyAll('unload'));
    start().catch((e) => fail(document.getElementById('form-fields'), e));
    void React; // the control's own React is the platform's Reactv16; the host only needs ReactDOM
})();
