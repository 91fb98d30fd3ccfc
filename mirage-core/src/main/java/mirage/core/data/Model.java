package mirage.core.data;

import java.util.Objects;

/**
 * One model of a family, e.g. {@code pythia-1.4b} of family {@code pythia}.
 *
 * @param family the family the model belongs to (models of one family share data and recipe)
 * @param name the model's name, unique within its family
 * @param scale its size along every known axis
 */
public record Model(String family, String name, Scale scale) implements java.io.Serializable {
    public Model {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scale, "scale");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("model name must not be empty");
        }
    }

    public static Model of(String family, String name, double params) {
        return new Model(family, name, Scale.ofParams(params));
    }
}
