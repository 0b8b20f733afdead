'use strict';
// Fixture data for the emulated tenant, one file per part (test/sandbox/README.md "Fixtures"); callers require this folder.
const clouds = require('./clouds');
const users = require('./users');
const { FLOWS, triggerTypeOf, formerUrlOf } = require('./flows');
const { clientdataFor } = require('./definitions');
const { CONFIGS } = require('./configs');
const { RECORD, CONTACTS, COLUMNS, QUEUE_TABLE, QUEUE_FLOW } = require('./tables');
const { ENV_VARS } = require('./envVars');

module.exports = {
    TENANT_ID: clouds.TENANT_ID,
    TENANT_NAME: clouds.TENANT_NAME,
    TENANT_DOMAIN: clouds.TENANT_DOMAIN,
    CLOUDS: clouds.CLOUDS,
    USERS: users.USERS,
    APPS: users.APPS,
    FLOWS,
    CONFIGS,
    RECORD,
    FLOW_SERVICE_APP_ID: users.FLOW_SERVICE_APP_ID,
    REDIRECT_PATH: users.REDIRECT_PATH,
    triggerHostFor: clouds.triggerHostFor,
    clientdataFor,
    triggerTypeOf,
    formerUrlOf,
    MAKER_API: users.MAKER_API,
    COLUMNS,
    CONTACTS,
    QUEUE_TABLE,
    QUEUE_FLOW,
    ENV_VARS,
    UNTRUSTED_HOST: clouds.UNTRUSTED_HOST,
    EMBEDDER_HOST: clouds.EMBEDDER_HOST,
    FOREIGN_ENV_ID: clouds.FOREIGN_ENV_ID,
    FOREIGN_HOSTS: clouds.FOREIGN_HOSTS,
    FOREIGN_TRIGGER_HOSTS: clouds.FOREIGN_TRIGGER_HOSTS,
    environmentHostOf: clouds.environmentHostOf,
    LANGUAGES: [1033, 1031, 1029],
};
