'use strict';
// The scripts' flags, read with node:util parseArgs: an unknown or malformed flag stops the script with a clear message.
const { parseArgs } = require('node:util');

function readOptions(script, options, { positionals = false, args } = {}) {
    try {
        return parseArgs({ args, options, allowPositionals: positionals, strict: true });
    } catch (error) {
        console.error(`${script}: ${error.message}`);
        process.exit(2);
    }
}

module.exports = { readOptions };
