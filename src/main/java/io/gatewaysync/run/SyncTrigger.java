package io.gatewaysync.run;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.CronTrigger;
import org.quartz.JobDataMap;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Starts runs outside the cron schedule through the source's own Quartz job, so that "sync now"
 * (CLI, JMX, tests) gets the same no-overlap guarantee as scheduled runs.
 */
public class SyncTrigger {

    public static final String GROUP = "gateway-sync";

    private final CamelContext context;
    private final RunRegistry registry;

    public SyncTrigger(CamelContext context, RunRegistry registry) {
        this.context = context;
        this.registry = registry;
    }

    /** Runs the source now for an operator (JMX); see {@link #trigger(String, RunTrigger)}. */
    public CompletableFuture<RunResult> trigger(String source) {
        return trigger(source, RunTrigger.MANUAL);
    }

    /**
     * Runs the source now; the future completes with the result of the next run that finishes.
     * {@code why} goes with the fired trigger, so that the run's history row says what started it.
     */
    public CompletableFuture<RunResult> trigger(String source, RunTrigger why) {
        CompletableFuture<RunResult> result = registry.nextResult(source);
        try {
            scheduler().triggerJob(JobKey.jobKey(source, GROUP),
                    new JobDataMap(java.util.Map.of(RunTrigger.JOB_DATA_KEY, why.name())));
        } catch (SchedulerException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /** --once: the cron triggers must not fire while the one-off runs go on. */
    public void pauseSchedules() throws SchedulerException {
        Scheduler scheduler = scheduler();
        for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(GROUP))) {
            scheduler.pauseTrigger(key);
        }
        if (!scheduler.isStarted()) {
            scheduler.start();
        }
    }

    public Optional<Instant> nextRun(String source) {
        try {
            Trigger trigger = scheduler().getTrigger(TriggerKey.triggerKey(source, GROUP));
            Date next = trigger == null ? null : trigger.getNextFireTime();
            return Optional.ofNullable(next).map(Date::toInstant);
        } catch (SchedulerException e) {
            return Optional.empty();
        }
    }

    /** The source's cron expression as Quartz runs it, or empty when it has no cron trigger. */
    public Optional<String> schedule(String source) {
        try {
            Trigger trigger = scheduler().getTrigger(TriggerKey.triggerKey(source, GROUP));
            return trigger instanceof CronTrigger cron ? Optional.ofNullable(cron.getCronExpression()) : Optional.empty();
        } catch (SchedulerException e) {
            return Optional.empty();
        }
    }

    private Scheduler scheduler() {
        return context.getComponent("quartz", QuartzComponent.class).getScheduler();
    }
}
