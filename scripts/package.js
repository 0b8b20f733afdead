#!/usr/bin/env node
'use strict';
// npm run package: the production build, then an unmanaged and a managed Dataverse solution zip in Solutions/bin, with no
// dotnet or pac (docs/platform-facts.md, "Solution packaging"). Solution.xml and Customizations.xml come from Solutions/src/Other, the source the
// cdsproj packs too; this adds what SolutionPackager adds for a referenced control: the version, Managed 0/1, the type 66
// root component and the CustomControls entry. The zips hold exactly the files the built manifest names, in a fixed order,
// with a fixed date and compression, so the same inputs give the same bytes.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const JSZip = require('jszip');
const { XMLParser, XMLValidator } = require('fast-xml-parser');
const { toSolutionVersion, replaceOnce: replaceOnceRaw } = require('./version.js');

const ROOT = path.resolve(__dirname, '..');
const SOURCE = 'Solutions/src/Other';
const BUILT = 'out/controls/FlowInvoker';
const OUT = 'Solutions/bin';
const ZIP_DATE = new Date(Date.UTC(1980, 0, 1)); // the earliest date a zip entry can hold; any fixed date would do
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false });

function parseXml(text, what) {
    const valid = XMLValidator.validate(text);
    if (valid !== true) throw new Error(`${what} is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
    return parser.parse(text);
}

/** Exactly one match or an error, so a source of unexpected shape fails; the replacement is taken literally (no $1). */
function replaceOnce(text, pattern, replacement, what) {
    return replaceOnceRaw(text, pattern, () => replacement, what);
}

/** Adds lines inside an element that pac writes empty (`<X />`) but that may one day list other components too. */
function addChild(text, tag, lines, what) {
    const indent = indentOf(text, tag);
    const body = lines.map((line) => `${indent}  ${line}\n`).join('');
    const empty = new RegExp(`<${tag}\\s*/>`);
    if (empty.test(text)) return replaceOnce(text, empty, `<${tag}>\n${body}${indent}</${tag}>`, what);
    return replaceOnce(text, new RegExp(`\\n[ \\t]*</${tag}>`), `\n${body}${indent}</${tag}>`, what);
}

function indentOf(text, tag) {
    const match = new RegExp(`\\n([ \\t]*)<${tag}[\\s/>]`).exec(text);
    return match ? match[1] : '';
}

/** Names, publisher and prefix, from the solution project (the single source of truth for them). */
function readSolutionSource(root = ROOT) {
    const solutionXml = fs.readFileSync(path.join(root, SOURCE, 'Solution.xml'), 'utf8');
    const customizationsXml = fs.readFileSync(path.join(root, SOURCE, 'Customizations.xml'), 'utf8');
    parseXml(customizationsXml, `${SOURCE}/Customizations.xml`);
    const manifest = parseXml(solutionXml, `${SOURCE}/Solution.xml`).ImportExportXml.SolutionManifest;
    const publisher = manifest.Publisher;
    const source = {
        solutionXml,
        customizationsXml,
        uniqueName: manifest.UniqueName,
        version: manifest.Version,
        publisher: publisher.UniqueName,
        prefix: publisher.CustomizationPrefix,
        optionValuePrefix: Number(publisher.CustomizationOptionValuePrefix),
    };
    // Dataverse's own rules, checked here because an import fails late and vaguely.
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(source.uniqueName)) throw new Error(`solution UniqueName "${source.uniqueName}" must be letters, digits and _`);
    if (!/^[a-z][a-z0-9]{1,7}$/.test(source.prefix) || source.prefix.startsWith('mscrm')) {
        throw new Error(`CustomizationPrefix "${source.prefix}" must be 2-8 lower-case letters or digits, start with a letter, and not start with mscrm`);
    }
    if (!(source.optionValuePrefix >= 10000 && source.optionValuePrefix <= 99999)) throw new Error('CustomizationOptionValuePrefix must be 10000-99999');
    return source;
}

/** Every file the built manifest names: each `path` under <resources> (code, css, img, html, resx, packaged libraries). */
function resourcePaths(resources) {
    const paths = [];
    const walk = (node) => {
        if (Array.isArray(node)) {
            node.forEach(walk);
        } else if (node && typeof node === 'object') {
            if (typeof node['@_path'] === 'string') paths.push(node['@_path']);
            for (const [key, child] of Object.entries(node)) if (!key.startsWith('@_')) walk(child);
        }
    };
    walk(resources);
    for (const file of paths) {
        if (path.posix.isAbsolute(file) || file.includes('\\') || path.posix.normalize(file) !== file || file.startsWith('../')) {
            throw new Error(`the built manifest names "${file}": resource paths must be relative and stay inside the control folder`);
        }
    }
    return [...new Set(paths)].sort();
}

function readBuiltControl(root = ROOT) {
    const dir = path.join(root, BUILT);
    const manifestFile = path.join(dir, 'ControlManifest.xml');
    if (!fs.existsSync(manifestFile)) throw new Error(`${BUILT}/ControlManifest.xml is missing: run the production build (npm run build)`);
    const manifest = fs.readFileSync(manifestFile);
    const control = parseXml(manifest.toString('utf8'), `${BUILT}/ControlManifest.xml`).manifest.control;
    const files = resourcePaths(control.resources).map((file) => {
        const full = path.join(dir, file);
        if (!fs.existsSync(full) || !fs.statSync(full).isFile()) throw new Error(`the built manifest names ${file}, but ${BUILT}/${file} is missing`);
        return { file, data: fs.readFileSync(full) };
    });
    return { manifest, namespace: control['@_namespace'], constructor: control['@_constructor'], version: control['@_version'], files };
}

/** FlowInvoker_0_1_0_0_managed.zip: Dataverse's export name (unique name, solution version with _), with _unmanaged spelt out too. */
function zipName(uniqueName, version, managed) {
    return `${uniqueName}_${toSolutionVersion(version).replace(/\./g, '_')}_${managed ? 'managed' : 'unmanaged'}.zip`;
}

function solutionXml(source, { version, managed, controlName }) {
    let xml = replaceOnce(source.solutionXml, /<Version>[^<]*<\/Version>/, `<Version>${toSolutionVersion(version)}</Version>`, '<Version>');
    xml = replaceOnce(xml, /<Managed>[^<]*<\/Managed>/, `<Managed>${managed ? 1 : 0}</Managed>`, '<Managed>');
    if (xml.includes(`schemaName="${controlName}"`)) return xml;
    return addChild(xml, 'RootComponents', [`<RootComponent type="66" schemaName="${controlName}" behavior="0" />`], '<RootComponents>');
}

function customizationsXml(source, controlName) {
    if (source.customizationsXml.includes(`<Name>${controlName}</Name>`)) return source.customizationsXml;
    return addChild(
        source.customizationsXml,
        'CustomControls',
        ['<CustomControl>', `  <Name>${controlName}</Name>`, `  <FileName>/Controls/${controlName}/ControlManifest.xml</FileName>`, '</CustomControl>'],
        '<CustomControls>',
    );
}

/** As SolutionPackager writes it: xml as text/xml, every other extension and the control manifest as octet-stream. */
function contentTypesXml(names, manifestName) {
    const extensions = new Set(names.map((name) => path.posix.extname(name).slice(1).toLowerCase()));
    const others = [...extensions].filter((ext) => ext && ext !== 'xml').sort();
    const parts = [
        ...(extensions.has('xml') ? ['<Default Extension="xml" ContentType="text/xml" />'] : []),
        ...others.map((ext) => `<Default Extension="${ext}" ContentType="application/octet-stream" />`),
        ...[manifestName, ...names.filter((name) => !path.posix.extname(name))].map(
            (name) => `<Override PartName="/${name}" ContentType="application/octet-stream" />`,
        ),
    ];
    return `<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${parts.join('')}</Types>`;
}

/** Everything one zip needs, checked for agreement; shared by both zips so they can differ only in <Managed>. */
function readInputs(root = ROOT) {
    const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
    const source = readSolutionSource(root);
    const control = readBuiltControl(root);
    if (control.version !== version) {
        throw new Error(
            `the built control is version ${control.version} but package.json says ${version}: run "npm run version -- ${version}" and package again`,
        );
    }
    if (source.version !== toSolutionVersion(version)) {
        throw new Error(`${SOURCE}/Solution.xml has version ${source.version}, package.json ${version}: run "npm run version -- ${version}"`);
    }
    return { version, source, control, controlName: `${source.prefix}_${control.namespace}.${control.constructor}` };
}

async function buildZip(inputs, managed) {
    const { version, source, control, controlName } = inputs;
    const folder = `Controls/${controlName}`;
    const entries = [
        ['solution.xml', Buffer.from(solutionXml(source, { version, managed, controlName }))],
        ['customizations.xml', Buffer.from(customizationsXml(source, controlName))],
        [`${folder}/ControlManifest.xml`, control.manifest],
        ...control.files.map(({ file, data }) => [`${folder}/${file}`, data]),
    ];
    // The two files edited here must still parse; the control's files are the build's, as they are.
    for (const [name, data] of entries.slice(0, 2)) parseXml(data.toString('utf8'), name);
    // Last, as OPC packages written by System.IO.Packaging (which SolutionPackager uses) have it.
    entries.push([
        '[Content_Types].xml',
        Buffer.from(
            contentTypesXml(
                entries.map(([name]) => name),
                `${folder}/ControlManifest.xml`,
            ),
        ),
    ]);

    const zip = new JSZip();
    for (const [name, data] of entries) zip.file(name, data, { date: ZIP_DATE, createFolders: false, binary: true });
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 }, platform: 'DOS' });
}

/** Writes both zips to `outDir` (default Solutions/bin) from the current build output; returns their paths. */
async function packageSolution({ root = ROOT, outDir = path.join(root, OUT) } = {}) {
    const inputs = readInputs(root);
    const zips = { unmanaged: await buildZip(inputs, false), managed: await buildZip(inputs, true) }; // both, or neither
    fs.mkdirSync(outDir, { recursive: true });
    const written = {};
    for (const kind of ['unmanaged', 'managed']) {
        written[kind] = path.join(outDir, zipName(inputs.source.uniqueName, inputs.version, kind === 'managed'));
        fs.writeFileSync(written[kind], zips[kind]);
    }
    return written;
}

/** The production build, through scripts/build.js, which fails where pcf-scripts would exit 0 (docs/platform-facts.md, "PCF tooling"). */
function runBuild(root = ROOT) {
    const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.js')], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`the production build failed (exit ${build.status}): no solution written`);
}

async function main() {
    runBuild();
    const written = await packageSolution();
    for (const file of [written.unmanaged, written.managed]) {
        console.log(`package ok: ${path.relative(ROOT, file)} (${fs.statSync(file).size} bytes)`);
    }
}

if (require.main === module) {
    main().catch((error) => {
        console.error(`\npackage failed: ${error.message}`);
        process.exit(1);
    });
}

module.exports = { packageSolution, buildZip, readInputs, runBuild, readSolutionSource, readBuiltControl, resourcePaths, zipName, OUT, BUILT, SOURCE };
