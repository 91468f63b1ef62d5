package io.gatewaysync.web;

import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * The header filter of every platform-http route ({@code camel.component.platform-http.header-filter-strategy}
 * in the built-in defaults): Camel's HTTP filter, which keeps {@code Cache-Control} out of every answer,
 * so the {@code no-store} of {@link JsonReplies} never left the engine. Everything else it filters
 * (Camel's own headers, hop-by-hop headers) stays filtered.
 */
public final class NoStoreHeaders extends HttpHeaderFilterStrategy {

    @Override
    protected void initialize() {
        super.initialize();
        getOutFilter().remove("cache-control");
    }
}
