import * as React from "react";
import { Button, Input, Text, makeStyles, tokens } from "@fluentui/react-components";
import { Translate } from "../errors/describe";

export interface JsonViewProps {
    value: unknown;
    t: Translate;
}

/** Children shown per object before "Show more": a 1 MB answer renders in slices, never all at once. */
const PAGE = 100;
const MAX_MATCHES = 200;
const TEXT_PAGE = 100_000;

const useStyles = makeStyles({
    root: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: "anywhere" },
    list: { listStyleType: "none", margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
    key: { color: tokens.colorPaletteBerryForeground2 },
    string: { color: tokens.colorPaletteGreenForeground2 },
    other: { color: tokens.colorPaletteBlueForeground2 },
    pre: { margin: 0, whiteSpace: "pre-wrap", fontFamily: tokens.fontFamilyMonospace, maxHeight: "50vh", overflowY: "auto" },
    toggle: { minWidth: "auto", padding: 0, marginInlineEnd: tokens.spacingHorizontalXS, verticalAlign: "baseline" },
    search: { display: "flex", columnGap: tokens.spacingHorizontalS, alignItems: "center", marginBlockEnd: tokens.spacingVerticalS },
});

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
    return typeof value === "object" && value !== null;
}

function entriesOf(value: Record<string, unknown> | unknown[]): Array<[string, unknown]> {
    return Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
}

function Primitive(props: { value: unknown }): JSX.Element {
    const styles = useStyles();
    const { value } = props;
    return <span className={typeof value === "string" ? styles.string : styles.other}>{JSON.stringify(value)}</span>;
}

function Node(props: { name?: string; value: unknown; depth: number; t: Translate }): JSX.Element {
    const { name, value, depth, t } = props;
    const styles = useStyles();
    // Small answers open fully; large ones open only their first level, the rest on demand.
    const [open, setOpen] = React.useState(depth === 0 || (depth < 4 && isContainer(value) && Object.keys(value).length <= 20));
    const [limit, setLimit] = React.useState(PAGE);
    const label = name === undefined ? null : <span className={styles.key}>{JSON.stringify(name)}: </span>;
    if (!isContainer(value)) {
        return (
            <li>
                {label}
                <Primitive value={value} />
            </li>
        );
    }
    const entries = entriesOf(value);
    const brackets = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
    return (
        <li>
            <Button
                className={styles.toggle}
                size="small"
                appearance="transparent"
                aria-expanded={open}
                aria-label={name ?? t("Ui_Response")}
                onClick={() => setOpen(!open)}
            >
                {open ? "▾" : "▸"}
            </Button>
            {label}
            {brackets[0]}
            {!open && ` … ${entries.length} ${brackets[1]}`}
            {open && (
                <>
                    <ul className={styles.list}>
                        {entries.slice(0, limit).map(([key, item]) => (
                            <Node key={key} name={Array.isArray(value) ? undefined : key} value={item} depth={depth + 1} t={t} />
                        ))}
                    </ul>
                    {entries.length > limit && (
                        <Button size="small" onClick={() => setLimit(limit + PAGE)}>
                            {t("Ui_ShowMore", { count: String(Math.min(PAGE, entries.length - limit)) })}
                        </Button>
                    )}
                    {brackets[1]}
                </>
            )}
        </li>
    );
}

/** Paths whose key or value contains the query, first MAX_MATCHES in document order, without rendering the tree. */
export function searchJson(value: unknown, query: string): Array<{ path: string; text: string }> {
    const needle = query.toLowerCase();
    const found: Array<{ path: string; text: string }> = [];
    // A stack instead of recursion: an answer may be nested far deeper than the call stack (100,000 levels).
    const open: Array<{ entries: Array<[string, unknown]>; next: number; path: string; array: boolean }> = [];
    if (isContainer(value)) open.push({ entries: entriesOf(value), next: 0, path: "", array: Array.isArray(value) });
    while (open.length > 0 && found.length < MAX_MATCHES) {
        const frame = open[open.length - 1];
        if (frame.next === frame.entries.length) {
            open.pop();
            continue;
        }
        const [key, item] = frame.entries[frame.next++];
        const path = frame.array ? `${frame.path}[${key}]` : frame.path ? `${frame.path}.${key}` : key;
        if (!isContainer(item)) {
            if (key.toLowerCase().includes(needle) || String(item).toLowerCase().includes(needle)) found.push({ path, text: JSON.stringify(item) });
            continue;
        }
        if (key.toLowerCase().includes(needle)) found.push({ path, text: Array.isArray(item) ? "[…]" : "{…}" });
        open.push({ entries: entriesOf(item), next: 0, path, array: Array.isArray(item) });
    }
    return found;
}

function LongText(props: { text: string; t: Translate }): JSX.Element {
    const styles = useStyles();
    const [all, setAll] = React.useState(false);
    const shown = all ? props.text : props.text.slice(0, TEXT_PAGE);
    return (
        <>
            <pre className={styles.pre} data-testid="flowinvoker-response">
                {shown}
            </pre>
            {!all && props.text.length > TEXT_PAGE && <Button onClick={() => setAll(true)}>{props.t("Ui_ShowAll")}</Button>}
        </>
    );
}

/** The flow's answer as a collapsible, searchable tree (text for non-JSON answers); rendered on demand. */
export function JsonView(props: JsonViewProps): JSX.Element {
    const { value, t } = props;
    const styles = useStyles();
    const [query, setQuery] = React.useState("");
    const matches = React.useMemo(() => (query.trim().length > 0 ? searchJson(value, query.trim()) : undefined), [value, query]);
    if (!isContainer(value)) return <LongText text={typeof value === "string" ? value : JSON.stringify(value)} t={t} />;
    return (
        <div className={styles.root}>
            <div className={styles.search}>
                <Input
                    size="small"
                    type="search"
                    aria-label={t("Ui_Search")}
                    placeholder={t("Ui_Search")}
                    value={query}
                    onChange={(_, data) => setQuery(data.value)}
                    data-testid="flowinvoker-search"
                />
                {matches && <Text size={200}>{t("Ui_Matches", { count: String(matches.length) })}</Text>}
            </div>
            {matches ? (
                <ul className={styles.list} data-testid="flowinvoker-search-results">
                    {matches.map((match) => (
                        <li key={match.path}>
                            <span className={styles.key}>{match.path}</span>: {match.text}
                        </li>
                    ))}
                </ul>
            ) : (
                <ul className={styles.list} data-testid="flowinvoker-response">
                    <Node value={value} depth={0} t={t} />
                </ul>
            )}
        </div>
    );
}
