// A one-sheet .xlsx (Office Open XML) written in the browser: the sheet's XML files in a zip
// stored without compression. Text cells are inline strings, numbers are numbers. And a table
// offered as both downloads: CSV for Excel and .xlsx — written here, or by the API's exports.
import { download } from "./graphql.js";
import { alertBox, h } from "./ui.js";

const encoder = new TextEncoder();

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function zip(files) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const [name, text] of files) {
    const path = encoder.encode(name);
    const data = encoder.encode(text);
    const crc = crc32(data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, 0x0800, true); // names in UTF-8
    local.setUint32(14, crc, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, data.length, true);
    local.setUint16(26, path.length, true);
    const entry = new DataView(new ArrayBuffer(46));
    entry.setUint32(0, 0x02014b50, true);
    entry.setUint16(4, 20, true);
    entry.setUint16(6, 20, true);
    entry.setUint16(8, 0x0800, true);
    entry.setUint32(16, crc, true);
    entry.setUint32(20, data.length, true);
    entry.setUint32(24, data.length, true);
    entry.setUint16(28, path.length, true);
    entry.setUint32(42, offset, true);
    parts.push(local, path, data);
    central.push(entry, path);
    offset += 30 + path.length + data.length;
  }
  const size = central.reduce((sum, part) => sum + part.byteLength, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, files.length, true);
  end.setUint16(10, files.length, true);
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  return new Blob([...parts, ...central, end], {
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  });
}

function escape(text) {
  return String(text).replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]);
}

function column(index) {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function cell(value, ref) {
  if (typeof value === "number" && Number.isFinite(value)) return `<c r="${ref}"><v>${value}</v></c>`;
  if (value === null || value === undefined || value === "") return "";
  return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escape(value)}</t></is></c>`;
}

export function workbook(sheetName, rows) {
  const data = rows
    .map((row, r) => `<row r="${r + 1}">${row.map((v, c) => cell(v, `${column(c)}${r + 1}`)).join("")}</row>`)
    .join("");
  const main = "http://schemas.openxmlformats.org";
  return zip([
    ["[Content_Types].xml",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="${main}/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`],
    ["_rels/.rels",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${main}/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${main}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ["xl/workbook.xml",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${main}/spreadsheetml/2006/main" ` +
      `xmlns:r="${main}/officeDocument/2006/relationships"><sheets><sheet name="${escape(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ["xl/_rels/workbook.xml.rels",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${main}/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${main}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`],
    ["xl/worksheets/sheet1.xml",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${main}/spreadsheetml/2006/main"><sheetData>${data}</sheetData></worksheet>`],
  ]);
}

// `lines` (the heading row first) as two links: CSV (UTF-8 with BOM, so that Excel reads the
// Japanese; CRLF) and .xlsx, named `filename`, with ids `${id}-csv` and `${id}-xlsx`;
// `revoke()` frees them when the view goes.
export function downloads(lines, sheetName, filename, id) {
  const csv = lines.map((line) => line.map((cell) => `"${String(cell ?? "").replaceAll('"', '""')}"`).join(",")).join("\r\n");
  const href = URL.createObjectURL(new Blob(["\uFEFF", csv, "\r\n"], { type: "text/csv;charset=utf-8" }));
  const sheet = URL.createObjectURL(workbook(sheetName, lines));
  return {
    links: [
      h("a", { href, download: `${filename}.csv`, class: "button secondary", id: `${id}-csv` }, "CSVでダウンロード（Excel対応）"),
      h("a", { href: sheet, download: `${filename}.xlsx`, class: "button secondary", id: `${id}-xlsx` }, "Excel形式（.xlsx）でダウンロード"),
    ],
    revoke: () => [href, sheet].forEach((url) => URL.revokeObjectURL(url)),
  };
}

// A table the API writes (`/exports/${what}.csv|.xlsx?${asked}`: every row of the filter, read
// with the user's rights) as two buttons, `subject` naming it ("この一覧"); what came of it
// in a box with id `${id}`.
export function exportButtons(what, asked, subject, id) {
  const box = h("div", { id, "aria-live": "polite" });
  const button = (kind, label) => {
    const pressed = h("button", { type: "button", class: "secondary" }, label);
    pressed.addEventListener("click", async () => {
      pressed.disabled = true;
      box.replaceChildren();
      try {
        const name = await download(`/exports/${what}.${kind}?${asked}`);
        box.replaceChildren(h("p", { class: "notice" }, `${name} をダウンロードしました`));
      } catch (error) {
        box.replaceChildren(alertBox(error.message, "ダウンロードできませんでした", error.code));
      } finally {
        pressed.disabled = false;
      }
    });
    return pressed;
  };
  return h("div", { class: "no-print" },
    h("div", { class: "actions" },
      button("csv", `${subject}をCSVでダウンロード（Excel対応）`),
      button("xlsx", `${subject}をExcel形式（.xlsx）でダウンロード`)),
    box);
}
