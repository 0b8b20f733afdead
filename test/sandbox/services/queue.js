'use strict';
// Queue mode's Dataverse side (docs/platform-facts.md, "The chain" "Asynchronous pattern"; README "Queue mode"): the table fi_flowrequest
// (fi_input, fi_status as a Choice Pending/Running/Completed/Failed, fi_result; createdby = the caller) and the
// imitation automated flow "When a row is added" that processes each new row after a delay. Rows, the flow's runs and
// its timers live in state.queue; state.reset() clears them and turns the flow back on.

const crypto = require('crypto');
const T = require('../tenant');

const LABELS = Object.fromEntries(Object.entries(T.QUEUE_TABLE.status).map(([label, value]) => [value, label]));

function createQueueState() {
    return {
        rows: new Map(),
        runs: [],
        timers: new Set(),
        flow: { ...T.QUEUE_FLOW },
        clear() {
            for (const t of this.timers) clearTimeout(t);
            this.timers.clear();
            this.rows.clear();
            this.runs.length = 0;
            this.flow = { ...T.QUEUE_FLOW };
        },
    };
}

function later(q, ms, work) {
    const t = setTimeout(() => {
        q.timers.delete(t);
        work();
    }, ms);
    t.unref();
    q.timers.add(t);
}

// The automated flow: set Running, do the work (json(fi_input)), write fi_status and fi_result. A flow that is off
// leaves the row Pending; scenario "hang" leaves it Running (the work never ends within the test).
function onRowAdded(q, row) {
    if (!q.flow.on) return;
    later(q, q.flow.pickupMs, () => {
        if (!q.flow.on || !q.rows.has(row.fi_flowrequestid)) return;
        const run = { rowId: row.fi_flowrequestid, createdby: row._createdby_value, input: null, outcome: 'Running', startedAt: Date.now() };
        q.runs.push(run);
        update(row, { fi_status: T.QUEUE_TABLE.status.Running });
        let input;
        try {
            input = JSON.parse(row.fi_input);
        } catch {
            input = row.fi_input;
        }
        run.input = input;
        const scenario = input && typeof input === 'object' ? input.scenario : undefined;
        if (scenario === 'hang') return;
        later(q, q.flow.workMs, () => {
            if (!q.rows.has(row.fi_flowrequestid)) return;
            if (scenario === 'fail') {
                run.outcome = 'Failed';
                update(row, { fi_status: T.QUEUE_TABLE.status.Failed, fi_result: 'Credit check failed: the account is on hold (CHK-42).' });
                return;
            }
            run.outcome = 'Completed';
            const caller = Object.values(T.USERS).find((u) => u.systemuserid === row._createdby_value);
            update(row, {
                fi_status: T.QUEUE_TABLE.status.Completed,
                fi_result: JSON.stringify({ approvalId: `APR-${row.fi_flowrequestid.slice(0, 8)}`, requestedBy: caller ? caller.name : null, received: input }),
            });
        });
    });
}

function update(row, values) {
    Object.assign(row, values, { modifiedon: new Date().toISOString() });
}

/** A new row as Dataverse stores it; the caller becomes createdby/ownerid. */
function addRow(q, user, values) {
    const id = crypto.randomUUID();
    const now = new Date().toISOString();
    const row = {
        fi_flowrequestid: id,
        fi_name: null,
        fi_input: null,
        fi_status: T.QUEUE_TABLE.status.Pending,
        fi_result: null,
        _createdby_value: user.systemuserid,
        _ownerid_value: user.systemuserid,
        createdon: now,
        modifiedon: now,
        statecode: 0,
        ...values,
    };
    q.rows.set(id, row);
    onRowAdded(q, row);
    return row;
}

const formatted = (row, col) => {
    if (col === 'fi_status') return LABELS[row.fi_status];
    if (col === '_createdby_value' || col === '_ownerid_value') return Object.values(T.USERS).find((u) => u.systemuserid === row[col])?.name;
    return undefined;
};

module.exports = {
    createQueueState,
    addRow,
    formatted,
    COLUMNS: [
        'fi_flowrequestid',
        'fi_name',
        'fi_input',
        'fi_status',
        'fi_result',
        '_createdby_value',
        '_ownerid_value',
        'createdon',
        'modifiedon',
        'statecode',
    ],
};
