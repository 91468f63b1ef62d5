package sdr;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.rest.core.annotation.RepositoryRestResource;

/** Exported by Spring Data REST at /versioned, with ETags from {@link Versioned}'s version. */
@RepositoryRestResource(path = "versioned", collectionResourceRel = "versioned")
public interface VersionedRepository extends JpaRepository<Versioned, String> {
}
