package sdr;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

/**
 * An object with a JPA {@code @Version}: Spring Data REST then answers an item with an {@code ETag} and
 * refuses a PUT, PATCH or DELETE whose {@code If-Match} names an older version with 412.
 */
@Entity
public class Versioned {
    @Id
    private String id;
    private String name;
    @Version
    private Long version;

    protected Versioned() {
    }

    Versioned(String id, String name) {
        this.id = id;
        this.name = name;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Long getVersion() {
        return version;
    }

    public void setVersion(Long version) {
        this.version = version;
    }
}
