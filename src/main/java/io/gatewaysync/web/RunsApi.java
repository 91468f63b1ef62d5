package io.gatewaysync.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.record.RunHistory;
import io.gatewaysync.sync.RunOutcome;
import io.gatewaysync.sync.RunStatus;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.List;
import java.util.regex.Pattern;

import static io.gatewaysync.web.JsonReplies.error;
import static io.gatewaysync.web.JsonReplies.number;
import static io.gatewaysync.web.JsonReplies.respond;
import static io.gatewaysync.web.JsonReplies.text;

/**
 * The run history over HTTP: {@code GET /api/_runs?source=NAME&kind=runs|objects&limit=N&before=ID}, newest
 * first, {@code {"results":[…],"count":n,"next":url-or-null}}; {@code next} continues below the last row's
 * id, so paging stays correct while new runs are added. {@code kind=runs}: runs of the listing (and folded
 * skips); {@code kind=objects}: one-object syncs (retries, notifications); none: both. Role read
 * (web/ApiAccessRule).
 */
public class RunsApi {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    private final RunHistory history;
    private final ObjectMapper mapper;

    public RunsApi(RunHistory history, ObjectMapper mapper) {
        this.history = history;
        this.mapper = mapper;
    }

    /** {@code GET /api/_runs}. */
    public void list(Exchange exchange) {
        Message in = exchange.getMessage();
        String source = blankToNull(in.getHeader("source", String.class));
        if (source != null && !SOURCE.matcher(source).matches()) {
            error(exchange, 400, "source must be 1-100 letters, digits, '_', '.', '-'");
            return;
        }
        String kindText = blankToNull(in.getHeader("kind", String.class));
        RunHistory.Kind kind = kindText == null ? RunHistory.Kind.ALL
                : kindText.equals("runs") ? RunHistory.Kind.RUNS : kindText.equals("objects") ? RunHistory.Kind.OBJECTS : null;
        if (kind == null) {
            error(exchange, 400, "kind must be 'runs' (runs of the listing) or 'objects' (one-object syncs), or left out");
            return;
        }
        long limit = number(in.getHeader("limit", String.class), DEFAULT_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            error(exchange, 400, "limit must be a whole number between 1 and " + MAX_LIMIT);
            return;
        }
        String beforeText = blankToNull(in.getHeader("before", String.class));
        Long before = beforeText == null ? null : number(beforeText, -1);
        if (before != null && before < 1) {
            error(exchange, 400, "before must be a run history id (a whole number >= 1), as in 'next'");
            return;
        }
        List<RunHistory.Row> rows = history.list(source, kind, before, (int) limit);
        ObjectNode body = mapper.createObjectNode();
        ArrayNode results = body.putArray("results");
        rows.forEach(r -> results.add(view(r)));
        body.put("count", rows.size());
        if (rows.size() == limit) {
            body.put("next", "/api/_runs?" + (source == null ? "" : "source=" + source + "&")
                    + (kindText == null ? "" : "kind=" + kindText + "&") + "limit=" + limit
                    + "&before=" + rows.get(rows.size() - 1).id());
        } else {
            body.putNull("next");
        }
        respond(exchange, 200, body);
    }

    ObjectNode view(RunHistory.Row r) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", r.id());
        o.put("source", r.source());
        o.put("engine", r.engine());
        boolean skipped = "SKIPPED".equals(r.status());
        o.put("kind", r.singleObject() ? "object" : skipped ? "skipped" : "run");
        if (r.runNumber() > 0) {
            o.put("runNumber", r.runNumber());
        } else {
            o.putNull("runNumber"); // a one-object sync or a skip: they take no run number
        }
        o.put("status", r.status());
        RunStatus status = RunStatus.valueOf(r.status());
        o.put("outcome", RunOutcome.of(status, r.failed()).label());
        o.put("outcomeText", RunOutcome.words(status, r.failed(), r.message()));
        o.put("repeats", r.repeats());
        o.put("mode", r.mode());
        o.put("trigger", r.trigger());
        o.put("startedAt", text(r.startedAt()));
        o.put("endedAt", text(r.endedAt()));
        o.put("durationMs", r.durationMs());
        o.put("created", r.created());
        o.put("updated", r.updated());
        o.put("deleted", r.deleted());
        o.put("unchanged", r.unchanged());
        o.put("conflicts", r.conflicts());
        o.put("pushed", r.pushed());
        o.put("failed", r.failed());
        o.put("blocked", r.blocked());
        o.put("seen", r.seen());
        o.put("pages", r.pages());
        o.put("message", r.message());
        return o;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
