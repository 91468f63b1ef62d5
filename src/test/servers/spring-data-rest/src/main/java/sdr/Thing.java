package sdr;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** One object of the listing. */
@Entity
public class Thing {
    @Id
    private String id;
    private String name;

    protected Thing() {
    }

    Thing(String id, String name) {
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
}
