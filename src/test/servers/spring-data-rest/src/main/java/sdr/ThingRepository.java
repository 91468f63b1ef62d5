package sdr;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.repository.query.Param;
import org.springframework.data.rest.core.annotation.RestResource;

/** Exported by Spring Data REST at /things. */
public interface ThingRepository extends JpaRepository<Thing, String> {

    /**
     * /things/search/named?name=…: a listing at another path than its items, whose self links lead to
     * /things/{id} (so {url}/{id} is not an item URL).
     */
    @RestResource(path = "named")
    Page<Thing> findByNameContaining(@Param("name") String name, Pageable pageable);
}
