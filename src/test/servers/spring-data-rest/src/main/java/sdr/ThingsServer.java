package sdr;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.data.rest.core.config.RepositoryRestConfiguration;
import org.springframework.data.rest.webmvc.config.RepositoryRestConfigurer;
import org.springframework.web.servlet.config.annotation.CorsRegistry;

/**
 * /things as Spring Data REST serves a JPA repository: HAL, ?page=&size=, _links.next, page.totalElements.
 * Ids are assigned by the client (PUT /things/{id} creates) and exposed in the body, so that a test can
 * seed, add and remove objects by id. The number seeded at start: --things=N.
 */
@SpringBootApplication
public class ThingsServer {

    public static void main(String[] args) {
        SpringApplication.run(ThingsServer.class, args);
    }

    @Bean
    CommandLineRunner seed(ThingRepository things, VersionedRepository versioned,
                           org.springframework.core.env.Environment env) {
        return args -> {
            int n = Integer.parseInt(env.getProperty("things", "0"));
            for (int i = 1; i <= n; i++) {
                things.save(new Thing("t" + i, "thing " + i));
                versioned.save(new Versioned("t" + i, "thing " + i));
            }
        };
    }

    @Bean
    RepositoryRestConfigurer exposeIds() {
        return new RepositoryRestConfigurer() {
            @Override
            public void configureRepositoryRestConfiguration(RepositoryRestConfiguration config, CorsRegistry cors) {
                config.exposeIdsFor(Thing.class, Versioned.class);
            }
        };
    }
}
