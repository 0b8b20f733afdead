import * as React from "react";
import { fireEvent, render, screen } from "@testing-library/react";
import { makeTranslate } from "../../../FlowInvoker/errors/describe";
import { JsonView, searchJson } from "../../../FlowInvoker/ui/JsonView";
import { loadResx } from "../resx";

const strings = loadResx();
const t = makeTranslate((key) => strings[key] ?? "");

describe("JsonView", () => {
    it("shows a small answer fully, as text", () => {
        render(<JsonView value={{ approvalId: "A-7", items: [{ id: 3 }] }} t={t} />);
        expect(screen.getByTestId("flowinvoker-response").textContent).toContain('"approvalId": "A-7"');
        expect(screen.getByTestId("flowinvoker-response").textContent).toContain("3");
    });

    it("renders a 1 MB answer in slices: first level open, 100 children at a time", () => {
        const big = { rows: Array.from({ length: 5000 }, (_, i) => ({ id: i, text: "x".repeat(180) })) };
        expect(JSON.stringify(big).length).toBeGreaterThan(1_000_000);
        render(<JsonView value={big} t={t} />);
        const expand = screen.getAllByRole("button").find((button) => button.getAttribute("aria-expanded") === "false");
        fireEvent.click(expand!);
        expect(document.querySelectorAll("li").length).toBeLessThan(400);
        fireEvent.click(screen.getByRole("button", { name: "Show 100 more" }));
        expect(document.querySelectorAll("li").length).toBeLessThan(700);
        expect(screen.queryByText(`"id": 4999`)).toBeNull();
    });

    it("finds keys and values by search without rendering the whole tree", () => {
        const value = { a: { deep: { needle: "found me" } }, list: [1, "needle in list"] };
        expect(searchJson(value, "NEEDLE")).toEqual([
            { path: "a.deep.needle", text: '"found me"' },
            { path: "list[1]", text: '"needle in list"' },
        ]);
        render(<JsonView value={value} t={t} />);
        fireEvent.change(screen.getByTestId("flowinvoker-search").querySelector("input") ?? screen.getByTestId("flowinvoker-search"), {
            target: { value: "needle" },
        });
        expect(screen.getByText("2 matches")).toBeTruthy();
        expect(screen.getByTestId("flowinvoker-search-results").textContent).toContain("a.deep.needle");
    });

    it("searches a 100,000-level answer and keeps showing it", () => {
        const deep = JSON.parse(`${'{"level":'.repeat(100_000)}"needle"${"}".repeat(100_000)}`) as unknown;
        render(<JsonView value={deep} t={t} />);
        expect(screen.getByTestId("flowinvoker-response").textContent).toContain('"level"');
        fireEvent.change(screen.getByTestId("flowinvoker-search").querySelector("input") ?? screen.getByTestId("flowinvoker-search"), {
            target: { value: "needle" },
        });
        expect(screen.getByText("1 matches")).toBeTruthy();
        expect(screen.getByTestId("flowinvoker-search-results").textContent).toMatch(/^(level\.){99999}level: "needle"$/);
        expect(searchJson(deep, "level")).toHaveLength(200);
    });

    it("shows a text answer as text", () => {
        render(<JsonView value="<b>plain</b>" t={t} />);
        expect(screen.getByTestId("flowinvoker-response").textContent).toBe("<b>plain</b>");
        expect(document.querySelector("b")).toBeNull();
    });
});
