package io.gatewaysync.sync;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters for one run of one source. Objects are processed concurrently, hence LongAdders; the values are
 * read for JMX, metrics and the {@code --once} summary line.
 */
public final class RunSummary {

    private final String source;
    private final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
    private final LongAdder conflicts = new LongAdder();
    private final LongAdder seen = new LongAdder();
    private final LongAdder pages = new LongAdder();

    public RunSummary(String source) {
        this.source = Objects.requireNonNull(source, "source");
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, new LongAdder()); // filled once, then only read: safe to share
        }
    }

    public String source() {
        return source;
    }

    public void count(Outcome o) {
        count(o, 1);
    }

    public void count(Outcome o, long n) {
        outcomes.get(Objects.requireNonNull(o, "outcome")).add(n);
    }

    public void conflict() {
        conflicts.increment();
    }

    /** Objects read from the source listing. */
    public void seen(long n) {
        seen.add(n);
    }

    /** One more source page read. */
    public void page() {
        pages.increment();
    }

    public long created() {
        return get(Outcome.CREATED);
    }

    public long updated() {
        return get(Outcome.UPDATED);
    }

    public long deleted() {
        return get(Outcome.DELETED);
    }

    public long unchanged() {
        return get(Outcome.UNCHANGED);
    }

    public long conflicts() {
        return conflicts.sum();
    }

    /** Writes to the source (two-way only). */
    public long pushed() {
        return get(Outcome.PUSHED);
    }

    public long failed() {
        return get(Outcome.FAILED);
    }

    /** Objects left out because their record is blocked: not tried, so not counted as failed. */
    public long blocked() {
        return get(Outcome.BLOCKED);
    }

    public long seen() {
        return seen.sum();
    }

    public long pages() {
        return pages.sum();
    }

    /**
     * The key=value summary line (DESIGN §4); its format is a contract, scripts parse it. {@code blocked}
     * comes after the contract's keys, so that parsers of those keep working.
     */
    public String line(RunStatus status, long durationMs) {
        return "source=" + source + " status=" + status + " created=" + created() + " updated=" + updated()
                + " deleted=" + deleted() + " unchanged=" + unchanged() + " conflicts=" + conflicts()
                + " pushed=" + pushed() + " failed=" + failed() + " duration_ms=" + durationMs + " blocked=" + blocked();
    }

    private long get(Outcome o) {
        return outcomes.get(o).sum();
    }
}
