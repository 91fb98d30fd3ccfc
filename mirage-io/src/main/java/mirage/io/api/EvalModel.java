package mirage.io.api;

import mirage.core.data.Model;

/**
 * One model of an evaluated family.
 *
 * @param model the family, the name written in the records and the scale
 * @param apiModel the id the server knows it by (the request's {@code model})
 * @param endpoint the server that serves it
 */
public record EvalModel(Model model, String apiModel, Endpoint endpoint) {
    public String name() {
        return model.name();
    }
}
