package dev.enoki.httpclient.internal;

import dev.enoki.AbstractDependencyProvider;
import dev.enoki.ConfigurationError;
import dev.enoki.WorkerContext;
import dev.enoki.config.ConfigLoader;
import dev.enoki.config.Durations;
import dev.enoki.httpclient.ExternalApi;
import dev.enoki.httpclient.HttpClient;
import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Map;

/** {@code @HttpClient}: one Vert.x {@link WebClient} per field and container, an {@link ExternalApi} per worker. */
public final class HttpClientProvider extends AbstractDependencyProvider<HttpClient, ExternalApi> {
    private static final Logger log = LoggerFactory.getLogger(HttpClientProvider.class);

    private WebClient client;
    private String baseUrl;
    private long timeoutMillis;

    public HttpClientProvider() {
        super(HttpClient.class);
    }

    @Override
    public Future<Void> setup() {
        baseUrl = ConfigLoader.expand(annotation.value(), variables());
        String where;
        try {
            URI uri = new URI(baseUrl);
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                throw new URISyntaxException(baseUrl, "not an http or https URL with a host");
            }
            // The user info of a URL may hold a password: logs name the scheme, host and port only.
            where = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (URISyntaxException e) {
            return Future.failedFuture(new ConfigurationError("@HttpClient of " + container.serviceName() + "."
                    + field.getName() + " needs an http or https base URL: " + e.getReason()));
        }
        timeoutMillis = (annotation.timeout().isEmpty() ? container.options().rpcTimeout()
                : Durations.parse(annotation.timeout())).toMillis();
        client = WebClient.create(container.vertx());
        log.info("{}.{}: HTTP API at {}, requests time out after {} ms", container.serviceName(), field.getName(),
                where, timeoutMillis);
        return Future.succeededFuture();
    }

    /** What {@code ${VAR}} may name: a top-level key of the container's config, else an environment variable. */
    private Map<String, String> variables() {
        Map<String, String> variables = new HashMap<>(System.getenv());
        container.config().forEach(e -> {
            if (e.getValue() instanceof String || e.getValue() instanceof Number) {
                variables.put(e.getKey(), e.getValue().toString());
            }
        });
        return variables;
    }

    @Override
    public ExternalApi get(WorkerContext worker) {
        return new ExternalApi(client, baseUrl, timeoutMillis, worker);
    }

    @Override
    public Future<Void> stop() {
        if (client != null) {
            client.close();
        }
        return Future.succeededFuture();
    }

    @Override
    public void kill() {
        if (client != null) {
            client.close();
        }
    }
}
