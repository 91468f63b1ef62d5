package io.gatewaysync.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewaysync.source.http.Uris;

import java.net.URI;

/**
 * The item URL a listed object shows for itself, where the route sets no {@code itemUrl}: OData's
 * {@code @odata.editLink} (the URL to write to) or {@code @odata.id}, HAL's {@code _links.self.href}, JSON:API's
 * {@code links.self} (a string or a link object), or a {@code url} field holding an absolute http(s) URL. Writes,
 * the item read of a one-object sync, a deferred DELETE and a gone-confirmation go there instead of
 * {@code {url}/{id}}. Only a URL on the source's own origin or one of its {@code allowedOrigins} is taken:
 * the source's credentials go with every item request, and never anywhere else.
 */
final class ItemUrls {

    private static final java.util.regex.Pattern TEMPLATE = java.util.regex.Pattern.compile("\\{[^}]*}");

    private ItemUrls() {
    }

    /**
     * The object's own item URL, resolved against {@code page} (the URL it was listed at; null: only absolute
     * links count), or null when it shows none, the route sets {@code itemUrl}, or the URL is on another origin.
     */
    static String shown(JsonNode listed, URI page, SourceSettings settings) {
        if (settings.itemUrl() != null || settings.idIsUrl()) {
            return null;
        }
        String link = text(listed.get("@odata.editLink"));
        link = link != null ? link : text(listed.get("@odata.id"));
        link = link != null ? link : text(listed.path("_links").path("self").get("href"));
        JsonNode jsonApiSelf = listed.path("links").get("self");
        link = link != null ? link : jsonApiSelf != null && jsonApiSelf.isObject()
                ? text(jsonApiSelf.get("href")) : text(jsonApiSelf);
        String url = text(listed.get("url"));
        link = link != null ? link : url != null && Uris.isHttpUrl(url) ? url : null;
        if (link == null) {
            return null;
        }
        if (link.indexOf('{') >= 0) {
            link = TEMPLATE.matcher(link).replaceAll(""); // a HAL template ({?projection}) is no part of the item's URL
        }
        URI resolved = page != null ? Uris.resolveHttp(page, link) : Uris.isHttpUrl(link) ? URI.create(link) : null;
        if (resolved == null || !settings.proof().allows(settings.uri(), resolved)) {
            return null;
        }
        return resolved.toString();
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText().trim() : null;
    }
}
