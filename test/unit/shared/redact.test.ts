/** @jest-environment node */
import { redact, redactAnswer, redactSecrets } from "../../../FlowInvoker/shared/redact";
import { fakeJwt } from "../fakes";

const TOKEN = fakeJwt({ aud: "https://service.flow.microsoft.com/", oid: "a5e1c4b6-8f7d-4cae-9bc0-5f6e708192a3" });
const SIGNED =
    "https://prod-07.westus.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SECRET-SIG";

describe("redact", () => {
    it("removes signatures, bearer tokens and JWTs from text we may show", () => {
        const text = redact("url https://h/x?sp=1&sig=SECRETSIG&sv=1 Bearer abc.def.ghi eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln");
        expect(text).not.toContain("SECRETSIG");
        expect(text).not.toContain("abc.def.ghi");
        expect(text).not.toContain("eyJhbGciOiJSUzI1NiJ9");
    });

    it("finds a signature in any case, also inside an encoded URL, and a token cut in two by the length limit", () => {
        const text = redact(`a https://h/x?SIG=UPPER&sv=1 b ?next=https%3A%2F%2Fh%2Fx%3Fsp%3D1%26sig%3DENCODED c ${"x".repeat(400)} ${TOKEN}`, 480);
        expect(text).not.toMatch(/UPPER|ENCODED/);
        expect(text).not.toContain(TOKEN.split(".")[1].slice(0, 20));
    });

    it.each([100_000, 1_048_576])("takes linear time: %s characters of 'eyJ' in well under a second", (length) => {
        const started = performance.now();
        const text = redact("eyJ".repeat(length / 3 + 1).slice(0, length));
        expect(performance.now() - started).toBeLessThan(500);
        expect(text.length).toBeLessThanOrEqual(501);
    });

    it("cuts to the length asked for and says so with an ellipsis; a short text stays as it was", () => {
        expect(redact("x".repeat(30), 10)).toBe(`${"x".repeat(10)}…`);
        expect(redact("the flow said no", 100)).toBe("the flow said no");
    });
});

describe("redactSecrets", () => {
    it("keeps where a signed URL points, only its query goes", () => {
        expect(redactSecrets(`see ${SIGNED} now`)).toBe("see https://prod-07.westus.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?[redacted] now");
    });

    it("finds a signature in JSON-escaped text", () => {
        expect(redactSecrets('{"link":"https:\\/\\/h\\/x?sp=1\\u0026sig=ESCAPED"}')).not.toContain("ESCAPED");
    });

    it("leaves text without a secret as it was, an unsigned URL and a GUID included", () => {
        const text = "Run 08584 of https://contoso.crm.dynamics.com/main.aspx?id=a5e1c4b6-8f7d-4cae-9bc0-5f6e708192a3 by Bearer-less design";
        expect(redactSecrets(text)).toBe(text);
    });
});

describe("redactAnswer", () => {
    it("redacts every string of a parsed answer, keys included, in place", () => {
        const answer = { echo: { authorization: `Bearer ${TOKEN}`, list: [TOKEN, 1, null] }, [SIGNED]: "as a key", kept: "plain" };
        expect(redactAnswer(answer)).toBe(answer);
        const shown = JSON.stringify(answer);
        expect(shown).not.toContain(TOKEN.split(".")[1]);
        expect(shown).not.toContain("SECRET-SIG");
        expect(answer.kept).toBe("plain");
        expect(answer.echo.list).toEqual(["[redacted token]", 1, null]);
    });

    it("redacts an answer that is a string, and walks 100,000 levels without a RangeError", () => {
        expect(redactAnswer(`Bearer ${TOKEN}`)).toBe("Bearer [redacted]");
        const deep = JSON.parse(`${'{"a":'.repeat(100_000)}"${TOKEN}"${"}".repeat(100_000)}`) as { a: unknown };
        redactAnswer(deep);
        let node = deep;
        for (let level = 0; level < 99_999; level += 1) node = node.a as { a: unknown };
        expect(node.a).toBe("[redacted token]");
    });
});
