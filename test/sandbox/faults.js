'use strict';
// One mechanism for every injected fault: a list of rules, each matching requests by service/host/method/path and
// consumed `times` times. The server asks `take(req)` before dispatching and applies what the rule says.
//
// Rule fields (all optional):
//   service  'entra' | 'dataverse' | 'flowApi' | 'trigger' | 'form'     host  exact host
//   method   e.g. 'POST' (preflights never consume a rule unless method is 'OPTIONS')
//   path     substring of the path+query, or a RegExp
//   times    how many matching requests it applies to (default 1; Infinity for all)
//   status, body, headers   reply with this instead of the service (body: object → JSON)
//   process  true: let the service handle the request first (a trigger run is recorded), then reply as above
//   drop     true: the service handles the request, then the connection is destroyed (network failure after send);
//            'afterHeaders': status and headers are sent, then the connection is destroyed mid-body
//   delayMs  extra latency before the reply
//   noCors   strip every Access-Control-* header (also from the preflight, which it does not consume)
//   removeHeaders  header names to strip from the reply
//   shape / hideRunHeaders   variants a service reads itself (flowApi: shape 'bare'; trigger: hideRunHeaders)
// Presets name the common platform errors so tests do not copy bodies around.

const PRESETS = {
    throttled: {
        service: 'trigger',
        status: 429,
        headers: { 'Retry-After': '7' },
        body: {
            error: {
                code: 'WorkflowRequestsThrottled',
                message: "The workflow 'manual' trigger requests are being throttled. Retry the request after '7' seconds.",
            },
        },
    },
    badRequest: {
        service: 'trigger',
        status: 400,
        body: {
            error: {
                code: 'TriggerInputSchemaMismatch',
                message: "The input body for trigger 'manual' of type 'Request' did not match its schema definition.",
            },
        },
    },
    // A failure before the Response action: the run happened (process), the caller gets 502.
    badGateway: {
        service: 'trigger',
        process: true,
        status: 502,
        body: { error: { code: 'BadGateway', message: 'The flow failed before its Response action ran.' } },
    },
    // The Response action did not answer within 120 s: the run goes on, the caller gets 504.
    gatewayTimeout: {
        service: 'trigger',
        process: true,
        status: 504,
        body: { error: { code: 'NoResponse', message: 'The server did not receive a response from an upstream server.' } },
    },
    networkAfterSend: { service: 'trigger', drop: true },
    networkMidResponse: { service: 'trigger', drop: 'afterHeaders' },
    bareCallbackUrl: { service: 'flowApi', shape: 'bare' },
    hideRunHeaders: { service: 'trigger', hideRunHeaders: true },
    noCorsTrigger: { service: 'trigger', noCors: true },
    noCorsFlowApi: { service: 'flowApi', noCors: true },
};

class Faults {
    constructor() {
        this.rules = [];
        this.latencyMs = 0; // added to every emulated request (the benchmark's fixed latency)
    }

    /** Add a rule (or `{ preset: 'throttled', times: 2 }`). Returns the rule so tests can inspect `rule.hits`. */
    add(spec) {
        const base = spec.preset ? PRESETS[spec.preset] : {};
        if (spec.preset && !base) throw new Error(`Unknown fault preset '${spec.preset}'`);
        const rule = { times: 1, ...base, ...spec, hits: 0 };
        this.rules.push(rule);
        return rule;
    }

    clear() {
        this.rules = [];
        this.latencyMs = 0;
    }

    static matches(rule, r) {
        if (rule.service && rule.service !== r.service) return false;
        if (rule.host && rule.host !== r.host) return false;
        if (rule.method && rule.method !== r.method) return false;
        if (rule.path instanceof RegExp) return rule.path.test(r.path);
        return !rule.path || r.path.includes(rule.path);
    }

    /** The rule for this request, consuming one use. r: { service, host, method, path }. */
    take(r) {
        const preflight = r.method === 'OPTIONS';
        for (const rule of this.rules) {
            if (rule.hits >= rule.times || !Faults.matches(rule, r)) continue;
            if (preflight && rule.method !== 'OPTIONS') {
                if (rule.noCors) return { noCors: true }; // a CORS-less service fails its preflight too
                continue;
            }
            rule.hits += 1;
            return rule;
        }
        return null;
    }
}

module.exports = { Faults, PRESETS };
