// Hostile Markdown and HTML for the XSS tests, one vector per entry. Every payload that could
// run calls `alert(1)` or sets `window.__xss` (or `parent.__xss` from a frame), which is what
// xss.test.mjs looks for. `name` is short and unique; it goes into titles and failure messages.
//
// Not a file the test runner picks up: only `*.test.mjs` files are tests.

export const vectors = [
  // Script elements.
  { name: 'script-tag', source: '<script>window.__xss=1</script>' },
  { name: 'script-mixed-case', source: '<ScRiPt>alert(1)</sCrIpT>' },
  { name: 'script-src-data', source: '<script src="data:text/javascript,window.__xss=1"></script>' },
  { name: 'script-split-by-nesting', source: '<scr<script>ipt>alert(1)</scr</script>ipt>' },
  { name: 'script-in-paragraph', source: 'Some text <script>window.__xss=1</script> inline.' },

  // Event handlers.
  { name: 'img-onerror', source: '<img src=x onerror="window.__xss=1">' },
  { name: 'img-slashes-no-spaces', source: '<img/src=x/onerror=alert(1)>' },
  { name: 'img-newline-split-handler', source: '<img src=x\nonerror\n=\n"window.__xss=1">' },
  { name: 'img-entity-in-handler', source: '<img src=x onerror="&#119;indow.__xss=&#49;">' },
  { name: 'img-backtick-attribute', source: '<img src="x` `<script>alert(1)</script>"` `>' },
  { name: 'svg-onload', source: '<svg onload="window.__xss=1"></svg>' },
  { name: 'body-onload', source: '<body onload="window.__xss=1">text</body>' },
  { name: 'details-ontoggle', source: '<details open ontoggle="window.__xss=1"><summary>More</summary>hidden</details>' },
  { name: 'video-source-onerror', source: '<video><source onerror="window.__xss=1"></video>' },
  { name: 'audio-onerror', source: '<audio src=x onerror=alert(1)></audio>' },
  { name: 'input-autofocus-onfocus', source: '<input autofocus onfocus="window.__xss=1">' },
  { name: 'marquee-onstart', source: '<marquee onstart="window.__xss=1">news</marquee>' },
  { name: 'div-covering-onmouseover', source: '<div style="position:fixed;inset:0" onmouseover="window.__xss=1">cover</div>' },
  { name: 'link-with-onclick', source: '<a href="https://example.org/" onclick="window.__xss=1">fine link</a>' },
  { name: 'frameset-onload', source: '<frameset onload=alert(1)>' },

  // Dangerous URLs in HTML links and images.
  { name: 'a-javascript', source: '<a href="javascript:window.__xss=1">x</a>' },
  { name: 'a-javascript-mixed-case', source: '<a href="JaVaScRiPt:alert(1)">x</a>' },
  { name: 'a-javascript-decimal-entities', source: '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>' },
  { name: 'a-javascript-hex-entities-no-semicolons', source: '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)">x</a>' },
  { name: 'a-javascript-zero-padded-entity', source: '<a href="javascript&#0000058alert(1)">x</a>' },
  { name: 'a-javascript-named-colon', source: '<a href="javascript&colon;alert(1)">x</a>' },
  { name: 'a-javascript-tab-entity', source: '<a href="jav&#x09;ascript:alert(1)">x</a>' },
  { name: 'a-javascript-newline-split', source: '<a href="java\nscript:alert(1)">x</a>' },
  { name: 'a-javascript-leading-control', source: '<a href=" &#14;  javascript:alert(1)">x</a>' },
  { name: 'a-javascript-percent-encoded', source: '<a href="javascript%3Aalert(1)">x</a>' },
  { name: 'a-vbscript', source: '<a href="vbscript:msgbox(1)">x</a>' },
  { name: 'a-data-text-html', source: '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>' },
  { name: 'a-data-uppercase', source: '<a href="DATA:text/html,<script>alert(1)</script>">x</a>' },
  { name: 'img-src-javascript', source: '<img src="javascript:window.__xss=1">' },
  { name: 'img-srcset-javascript', source: '<img srcset="javascript:alert(1) 1x">' },
  { name: 'img-src-data-html', source: '<img src="data:text/html,<script>parent.__xss=1</script>">' },
  { name: 'img-src-entity-javascript', source: '<img src="&#x6A;avascript&#58;window.__xss=1">' },
  { name: 'area-javascript', source: '<map name="m"><area shape="default" href="javascript:alert(1)"></map><img usemap="#m" src="x">' },

  // SVG and MathML.
  { name: 'svg-script', source: '<svg><script>window.__xss=1</script></svg>' },
  { name: 'svg-animate-onbegin', source: '<svg><animate onbegin="window.__xss=1" attributeName="x" dur="1s"/></svg>' },
  { name: 'svg-set-onload', source: '<svg><set attributeName="onload" to="alert(1)"/></svg>' },
  { name: 'svg-a-xlink-href', source: '<svg><a xlink:href="javascript:window.__xss=1"><text x="20" y="20">click</text></a></svg>' },
  { name: 'svg-foreignobject-iframe', source: '<svg><foreignObject><iframe srcdoc="<script>parent.__xss=1</script>"></iframe></foreignObject></svg>' },
  { name: 'svg-style-mxss', source: '<svg><style><img src=x onerror="window.__xss=1"></style></svg>' },
  { name: 'math-mglyph-mxss', source: '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=1"></style></mglyph></table></mtext></math>' },

  // CSS.
  { name: 'style-tag', source: '<style>@import "javascript:alert(1)"; body { background: url("javascript:alert(1)") }</style>' },
  { name: 'style-attr-expression', source: '<div style="width: expression(alert(1))">x</div>' },
  { name: 'style-attr-url-javascript', source: '<div style="background-image: url(javascript:window.__xss=1)">x</div>' },
  { name: 'link-stylesheet', source: '<link rel="stylesheet" href="data:text/css,body{background:url(javascript:alert(1))}">' },

  // Frames, objects, forms, meta and base.
  { name: 'iframe-javascript', source: '<iframe src="javascript:parent.__xss=1"></iframe>' },
  { name: 'iframe-srcdoc', source: '<iframe srcdoc="&lt;script&gt;parent.__xss=1&lt;/script&gt;"></iframe>' },
  { name: 'object-data-html', source: '<object data="data:text/html,<script>parent.__xss=1</script>"></object>' },
  { name: 'embed-data-html', source: '<embed src="data:text/html,<script>parent.__xss=1</script>">' },
  { name: 'form-action-javascript', source: '<form action="javascript:window.__xss=1"><button>Send</button></form>' },
  { name: 'button-formaction', source: '<button formaction="javascript:alert(1)">x</button>' },
  { name: 'meta-refresh', source: '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">' },
  { name: 'base-href', source: '<base href="javascript:/window.__xss=1/">\n\n[relative](x)' },

  // Markdown links, images and autolinks.
  { name: 'md-link-javascript', source: '[click](javascript:window.__xss=1)' },
  { name: 'md-link-mixed-case-spaces', source: '[click](  JaVaScRiPt:alert(1)  )' },
  { name: 'md-link-angle-brackets', source: '[click](<javascript:alert(1)>)' },
  { name: 'md-link-entity', source: '[click](&#106;avascript:alert(1))' },
  { name: 'md-link-escaped-colon', source: '[click](javascript\\:alert(1))' },
  { name: 'md-link-percent-encoded', source: '[click](javascript%3Aalert(1))' },
  { name: 'md-link-vbscript', source: '[click](vbscript:msgbox(1))' },
  { name: 'md-link-data-html', source: '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)' },
  { name: 'md-link-title-breakout', source: '[x](https://example.org "a\\" onmouseover=\\"alert(1)")' },
  { name: 'md-image-javascript', source: '![x](javascript:window.__xss=1)' },
  { name: 'md-image-title-breakout', source: '![x](https://example.invalid/x.png "t\\" onerror=\\"alert(1)")' },
  { name: 'md-image-entity-javascript', source: '![x](&#x6A;ava&#x09;script:window.__xss=1)' },
  { name: 'md-image-data-svg', source: '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+PC9zdmc+)' },
  { name: 'md-autolink-javascript', source: '<javascript:alert(1)>' },
  { name: 'md-autolink-www-breakout', source: 'www.example.org/"onmouseover="alert(1)' },
  { name: 'md-reference-link', source: '[click][evil]\n\n[evil]: javascript:window.__xss=1' },
  { name: 'md-reference-image', source: '![x][e]\n\n[e]: javascript:alert(1) "title"' },

  // HTML inside Markdown structures.
  { name: 'table-cells', source: '| a | b |\n|---|---|\n| <img src=x onerror="window.__xss=1"> | <a href="javascript:alert(1)">x</a> |' },
  { name: 'footnote-body', source: 'Note[^1]\n\n[^1]: <img src=x onerror="window.__xss=1"> [x](javascript:alert(1))' },
  { name: 'footnote-label', source: 'Note[^<img src=x onerror=alert(1)>]\n\n[^<img src=x onerror=alert(1)>]: x' },
  { name: 'task-list-input', source: '- [x] <input type="text" autofocus onfocus="window.__xss=1">' },
  { name: 'heading-html', source: '## <img src=x onerror="window.__xss=1"> Heading' },
  { name: 'blockquote-html', source: '> <svg onload="window.__xss=1">' },
  { name: 'code-span', source: '`<script>window.__xss=1</script>`' },
  { name: 'fenced-code', source: '```html\n<script>window.__xss=1</script>\n```' },

  // Broken and tricky HTML.
  { name: 'unclosed-img', source: '<img src=x onerror="window.__xss=1"//' },
  { name: 'unclosed-attribute-quote', source: '<a href="javascript:alert(1)>never closed' },
  { name: 'comment-breakout', source: '<!--><img src=x onerror="window.__xss=1">-->' },
  { name: 'conditional-comment', source: '<!--[if gte IE 4]><script>alert(1)</script><![endif]-->' },
  { name: 'cdata', source: '<![CDATA[<img src=x onerror="window.__xss=1">]]>' },
  { name: 'noscript-mxss', source: '<noscript><p title="</noscript><img src=x onerror=\'window.__xss=1\'>"></noscript>' },
  { name: 'textarea-breakout', source: '<textarea><img src=x onerror="window.__xss=1"></textarea>' },
  { name: 'template-content', source: '<template><img src=x onerror="window.__xss=1"></template>' },
  { name: 'xmp-raw-text', source: '<xmp><img src=x onerror="window.__xss=1"></xmp>' },
  { name: 'closing-tag-attributes', source: '</p onmouseover="window.__xss=1"><p>x</p>' },

  // Wiki links and mentions.
  { name: 'wiki-javascript', source: '[[javascript:window.__xss=1]]' },
  { name: 'wiki-pipe-html', source: '[[x|<img src=x onerror="window.__xss=1">]]' },
  { name: 'wiki-quote-breakout', source: '[[x" onmouseover="alert(1)]]' },
  { name: 'wiki-anchor-html', source: '[[rfc#"><img src=x onerror=alert(1)>]]' },
  { name: 'mention-html', source: '@ana<img src=x onerror="window.__xss=1">' },
];
