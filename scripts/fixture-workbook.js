// Deterministic .xlsx files for the fixture generators: fixed dates in the document and the zip, sorted entries.
'use strict';
const ExcelJS = require('exceljs');
const JSZip = require('jszip');

const FIXED_TIME = new Date(Date.UTC(2018, 3, 20, 9, 0, 0));

/** A workbook whose properties carry the generator's name and a fixed time. */
function newWorkbook(creator) {
  const wb = new ExcelJS.Workbook();
  wb.creator = creator;
  wb.lastModifiedBy = creator;
  wb.created = FIXED_TIME;
  wb.modified = FIXED_TIME;
  wb.lastPrinted = FIXED_TIME;
  return wb;
}

/** exceljs's package with fixed entry dates and sorted entries; `patch` may rewrite parts first. */
async function workbookBytes(wb, patch) {
  const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
  if (patch) await patch(zip);
  const out = new JSZip();
  for (const name of Object.keys(zip.files).sort()) {
    const entry = zip.files[name];
    if (entry.dir) continue;
    out.file(name, await entry.async('nodebuffer'), { date: FIXED_TIME, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
}

module.exports = { FIXED_TIME, newWorkbook, workbookBytes };
