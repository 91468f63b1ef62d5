package io.gatewaysync.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewaysync.monitor.Monitoring;
import io.gatewaysync.monitor.Operations;
import io.gatewaysync.record.SyncRecordStore;
import io.gatewaysync.run.SourceCatalog;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import java.time.Duration;

/**
 * The operator's HTTP endpoints that act through the engine's operations: notifications and the sources
 * API. Their own configuration (after {@link Monitoring}, which binds the operations they call), so that
 * the web layer depends on monitoring and never the other way round.
 */
public class OperatorApis implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        SourceCatalog catalog = bean(context, "sourceCatalog", SourceCatalog.class);
        Operations operations = bean(context, "syncOperations", Operations.class);
        // POST /api/_notify/{source} (gateway-api.yaml): one object synced through the same path as syncObject.
        context.getRegistry().bind(Monitoring.NOTIFICATIONS, new Notifications(catalog, operations, Duration.ofMillis(200)));
        // GET /api/_sources, POST /api/_sources/{name}/sync, POST /api/_synchronizations/{source}/{id}/retry.
        context.getRegistry().bind("sourcesApi", new SourcesApi(context, catalog, operations,
                bean(context, "syncRecords", SyncRecordStore.class),
                bean(context, "synchronizationsApi", SynchronizationsApi.class),
                bean(context, "objectMapper", ObjectMapper.class),
                bean(context, "runHistory", io.gatewaysync.record.RunHistory.class)));
    }

    private static <T> T bean(CamelContext context, String name, Class<T> type) {
        T bean = context.getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("bean '" + name + "' missing: OperatorApis must come after Monitoring");
        }
        return bean;
    }
}
