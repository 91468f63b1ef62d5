package io.gatewaysync.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.source.SourceClient;
import io.gatewaysync.source.SourceClient.Representation;
import io.gatewaysync.source.SourceClient.WriteReply;
import io.gatewaysync.source.SourceException;
import io.gatewaysync.source.SourceObject;
import io.gatewaysync.source.WriteStyle;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * A write to the source and what it left there. The source's answer is the truth: the reply's object
 * when it has one, else the object read again from its item URL; and it is checked, so that a write
 * the source answered 2xx but did not apply (a field the write changed still has its old value, e.g. a
 * framework that ignores {@code application/merge-patch+json}) fails instead of counting as pushed.
 */
final class SourceWrites {

    private SourceWrites() {
    }

    /**
     * What a write left at the source: the object as the source now holds it ({@code null} when neither
     * the reply nor a read of the item gave it: the record then says so and the next run reads it), its
     * ETag, and why the object is not known.
     */
    record Written(SourceObject object, String etag, String unknownBecause) {
    }

    /**
     * The ETag to send as {@code If-Match}: the one the listing gave, else the one the record kept. With
     * {@code conditionalWrites: always} and none known, the item is read for it; without one the write is
     * refused. A read that finds the object changed since the listing is a stale write, as a 412 would be.
     */
    static String etagFor(SourceClient client, Candidate c) {
        String etag = c.onSource() && c.sourceObject().etag() != null ? c.sourceObject().etag()
                : c.record() != null ? c.record().sourceEtag() : null;
        String mode = client.settings().style().conditionalWrites();
        if (etag != null || !mode.equals(WriteStyle.ALWAYS)) {
            return mode.equals(WriteStyle.NEVER) ? null : etag;
        }
        Representation read = client.read(c.sourceId(), c.itemUrl()).orElseThrow(() -> new IllegalStateException(
                "object '" + c.sourceId() + "' is gone from the source; not written"));
        if (read.etag() == null) {
            throw new IllegalStateException("conditionalWrites is 'always' and the source gives object '"
                    + c.sourceId() + "' no ETag (no ETag header, @odata.etag or etagPath): not written");
        }
        if (c.onSource() && c.sourceObject().data() != null
                && !client.object(c.sourceId(), read).hash().equals(c.sourceObject().hash())) {
            throw new SourceClient.StaleWrite(new SourceException(client.settings().name(), "GET",
                    client.itemUri(c.sourceId(), c.itemUrl()), 412, false, "read for its ETag, the object differs "
                    + "from the listing", null));
        }
        return read.etag();
    }

    /**
     * The object after an update or create: the reply's representation, else a GET of the item.
     *
     * @param id       the object's id at the source
     * @param ownUrl   its own item URL as the listing showed it (null: the default)
     * @param before   the object as the source held it before the write (null: unknown, not checked)
     * @param intended what the object should be after the write (the PUT body, or the patch applied)
     * @param patch    the write was a merge patch (named in the message when it was not applied)
     */
    static Written answer(SourceClient client, String id, String ownUrl, WriteReply reply, ObjectNode before,
                          ObjectNode intended, boolean patch) {
        ObjectNode object = reply.object();
        String etag = reply.etag();
        if (object == null) {
            try {
                Optional<Representation> read = client.read(id, ownUrl);
                if (read.isEmpty()) {
                    return new Written(null, etag, "the source answered HTTP " + reply.status()
                            + " without the object, and its item URL answers 404/410");
                }
                object = read.get().object();
                etag = read.get().etag() != null ? read.get().etag() : etag;
            } catch (SourceException e) {
                return new Written(null, etag, "the source answered HTTP " + reply.status()
                        + " without the object, and reading it failed: " + e.getMessage());
            }
        }
        String unapplied = before == null ? null : unapplied(before, intended, object, "");
        if (unapplied != null) {
            throw new IllegalStateException("the source answered HTTP " + reply.status() + " but did not apply the "
                    + "write: " + unapplied + (patch ? "; it may ignore application/merge-patch+json (try "
                    + "updateMethod PUT)" : "") + "; not counted as pushed");
        }
        SourceObject read = client.object(id, new Representation(object, etag));
        return new Written(read, etag, null);
    }

    /**
     * The first field the write changed ({@code before} → {@code intended}) that {@code answer} still shows
     * with its old value, described; or null. A field the answer leaves out or gives another value is
     * the source's to decide (it becomes the gateway's value); only "still the old value" is a write not applied.
     */
    static String unapplied(JsonNode before, JsonNode intended, JsonNode answer, String at) {
        for (Iterator<Map.Entry<String, JsonNode>> it = intended.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode old = before.get(e.getKey());
            JsonNode now = answer.get(e.getKey());
            JsonNode sent = e.getValue();
            if (old == null || now == null || sent.equals(old)) {
                continue;
            }
            String path = at.isEmpty() ? e.getKey() : at + "." + e.getKey();
            if (old.isObject() && sent.isObject() && now.isObject()) {
                String inner = unapplied(old, sent, now, path);
                if (inner != null) {
                    return inner;
                }
            } else if (now.equals(old)) {
                return "field '" + path + "' still has its old value " + cut(old) + " (sent " + cut(sent) + ")";
            }
        }
        return null;
    }

    private static String cut(JsonNode value) {
        String text = value.toString();
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
