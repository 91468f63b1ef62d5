package io.gatewaysync.run;

import io.gatewaysync.gateway.Gateway;
import io.gatewaysync.gateway.GatewayState;
import io.gatewaysync.gateway.StaleGatewayWrite;
import io.gatewaysync.source.WriteStyle;

import java.util.List;

/**
 * Conditional writes to a remote gateway that gives ETags, under the route's {@code conditionalWrites} as
 * for the source: {@code auto} sends the copy's strong ETag when one was given (a weak one, {@code W/"…"},
 * never matches an {@code If-Match}, RFC 9110), {@code always} sends any and reads the copy for one when
 * none is known (a copy without one is not written), {@code never} sends none. The ETag is the one this
 * page's look-up read, else the one the record kept ({@code gateway_etag}). The embedded gateway needs
 * none: its writes commit only if the copy still has the hash the page read.
 */
final class GatewayConditions {

    private GatewayConditions() {
    }

    /** The {@code If-Match} for a write of {@code c}'s gateway copy, or null. */
    static String ifMatch(PageWork work, Candidate c) {
        Gateway gateway = work.run().source().gateway();
        if (!gateway.conditional()) {
            return null;
        }
        String mode = work.run().source().definition().settings().style().conditionalWrites();
        String etag = c.gateway() != null && c.gateway().etag() != null ? c.gateway().etag()
                : c.record() != null ? c.record().gatewayEtag() : null;
        if (mode.equals(WriteStyle.NEVER)) {
            return null;
        }
        if (mode.equals(WriteStyle.AUTO)) {
            return etag == null || etag.startsWith("W/") ? null : etag;
        }
        if (etag != null) {
            return etag;
        }
        GatewayState read = gateway.states(List.of(c.gatewayId())).get(c.gatewayId());
        if (read == null || read.etag() == null) {
            throw new IllegalStateException("conditionalWrites is 'always' and the gateway gives its copy "
                    + c.gatewayId() + " no ETag: not written");
        }
        if (c.gateway() != null && !read.hash().equals(c.gateway().hash())) {
            throw new StaleGatewayWrite("gateway copy " + c.gatewayId() + ", read for its ETag, differs from the "
                    + "copy this run looked up");
        }
        return read.etag();
    }
}
