'use strict';
// Dataverse rows besides the workflows: the account the form shows, its bound columns, and the queue table with its imitation flow.

// The record the form shows (mode.contextInfo).
const RECORD = { entityTypeName: 'account', entityId: 'e5f6a7b8-0000-4000-8000-00000000c0de', name: 'Fourth Coffee' };

// Columns of the account the form shows, bound to input1..input5 by configs.js. Each has its PCF type, the
// stored value and what the page shows (formatted); the page lets a test edit them (an unsaved edit) before clicking.
const CONTACTS = [
    { id: '{4C3B2A19-0000-4000-8000-00000000C001}', name: 'Yvonne McKay', entityType: 'contact' },
    { id: '{4C3B2A19-0000-4000-8000-00000000C002}', name: 'Susanna Stubberod', entityType: 'contact' },
];
const COLUMNS = {
    name: { type: 'SingleLine.Text', label: 'Account name', value: 'Fourth Coffee', maxLength: 160 },
    numberofemployees: { type: 'Whole.None', label: 'Employees', value: 1250 },
    creditlimit: { type: 'Currency', label: 'Credit limit', value: 25000.5 },
    fi_duedate: { type: 'DateAndTime.DateOnly', label: 'Due date', value: '2025-05-08' },
    industrycode: {
        type: 'OptionSet',
        label: 'Industry',
        value: 3,
        options: [
            { Value: 1, Label: 'Accounting' },
            { Value: 3, Label: 'Consulting' },
            { Value: 7, Label: 'Financial' },
        ],
    },
    primarycontactid: { type: 'Lookup.Simple', label: 'Primary contact', value: CONTACTS[0], targets: CONTACTS },
    donotemail: {
        type: 'TwoOptions',
        label: 'Do not allow emails',
        value: false,
        options: [
            { Value: 0, Label: 'Allow' },
            { Value: 1, Label: 'Do Not Allow' },
        ],
    },
};

// Queue mode (README "Queue mode"): table fi_flowrequest with fi_input, fi_status (a Choice), fi_result.
const QUEUE_TABLE = {
    logicalName: 'fi_flowrequest',
    entitySet: 'fi_flowrequests',
    key: 'fi_flowrequestid',
    status: { Pending: 863500000, Running: 863500001, Completed: 863500002, Failed: 863500003 },
};
// The imitation automated flow "When a row is added" on fi_flowrequest: picks a row up after pickupMs (Running),
// finishes after workMs more. What it does follows the input's "scenario": none → Completed with a result,
// "fail" → Failed with a text result, "hang" → stays Running. Turned off (`on: false`), it never picks anything up.
const QUEUE_FLOW = { name: 'Process FlowInvoker requests', on: true, pickupMs: 700, workMs: 500 };

module.exports = { RECORD, CONTACTS, COLUMNS, QUEUE_TABLE, QUEUE_FLOW };
