// Runs before the pane's bundle, in ES5 and without any framework: where the pane cannot run (Internet Explorer 11 and
// Edge Legacy, which old Office versions use for add-ins), it shows a plain message instead of a pane stuck on "Loading".
(function () {
  var ua = (window.navigator && window.navigator.userAgent) || '';
  var legacyEngine = !!document.documentMode || /Trident\//.test(ua) || /\bEdge\/\d+/.test(ua);
  var missing =
    typeof window.Promise !== 'function' ||
    typeof window.Symbol !== 'function' ||
    typeof window.fetch !== 'function' ||
    typeof Object.fromEntries !== 'function' ||
    typeof Array.prototype.flat !== 'function' ||
    // The bundle is ES2022 (optional chaining, ??=, class fields), and the page's CSP forbids eval, so the syntax
    // cannot be tried: ES2022's own library methods (Chromium 93, Safari 15.4, Firefox 92) stand in for it.
    typeof Array.prototype.at !== 'function' ||
    typeof Object.hasOwn !== 'function';
  if (!legacyEngine && !missing) return;
  window.milestoneRegisterUnsupported = true;

  var root = document.getElementById('root');
  if (!root) return;
  while (root.firstChild) root.removeChild(root.firstChild);
  var box = document.createElement('div');
  box.setAttribute('role', 'alert');
  box.style.padding = '12px';
  box.style.fontFamily = '"Segoe UI", Arial, sans-serif';
  box.style.fontSize = '14px';
  box.style.lineHeight = '1.4';

  function paragraph(text, bold) {
    var p = document.createElement('p');
    p.appendChild(document.createTextNode(text));
    if (bold) p.style.fontWeight = '600';
    box.appendChild(p);
  }
  paragraph('Milestone Register cannot run in this version of Office.', true);
  paragraph(
    'This Office shows add-ins with an old browser engine (Internet Explorer or the original Edge). ' +
      'The add-in needs Excel for Microsoft 365, Excel 2021 or later, Excel on the web, or Excel on a Mac.'
  );
  paragraph(
    'What you can do: open the workbook in Excel on the web, or ask your IT team for a newer Office. ' +
      'Your workbook has not been changed.'
  );
  root.appendChild(box);
})();
