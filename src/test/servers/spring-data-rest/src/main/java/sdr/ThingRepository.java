package sdr;

import org.springframework.data.jpa.repository.JpaRepository;

/** Exported by Spring Data REST at /things. */
public interface ThingRepository extends JpaRepository<Thing, String> {
}
