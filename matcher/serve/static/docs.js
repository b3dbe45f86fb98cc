// The API's documentation page (/docs): Swagger UI (served from the package) on /openapi.json,
// fetched with the token the page was opened with, which every request tried from the page
// carries too. A classic script, not inline: the page's Content-Security-Policy runs only its
// own files.

(() => {
  const token = new URLSearchParams(location.search).get("token") || "";
  const query = token ? `?token=${encodeURIComponent(token)}` : "";
  window.ui = SwaggerUIBundle({
    url: `openapi.json${query}`,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,  // no badge fetched from another host
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    requestInterceptor: (req) => {
      if (token) req.headers.Authorization = `Bearer ${token}`;
      return req;
    },
  });
})();
