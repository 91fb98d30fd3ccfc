package mirage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import mirage.train.arith.ArithmeticExperiment;
import mirage.train.arith.ArithmeticFamily;
import mirage.train.arith.ArithmeticTask;
import mirage.train.arith.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A finished training is reused by {@code mirage demo} only when it is the family the preset names today: the same
 * {@code --family small} meant another family before the preset changed (16x1..96x3, 4,000 steps, 1,000 items).
 */
class DemoReuseTest {

    static Path training(Path demo, String[] names, double[] lrs, long steps, int items) throws Exception {
        Path f = demo.resolve(DemoCommand.TRAIN_FOLDER);
        Files.createDirectories(f);
        Files.write(f.resolve(DemoCommand.SAMPLES), new byte[] {0});
        Files.writeString(f.resolve("models.csv"), "model,params\n");
        ObjectMapper om = new ObjectMapper();
        ObjectNode p = om.createObjectNode();
        p.put("command", "train arithmetic");
        ArrayNode a = p.putArray("arguments");
        for (String s : new String[] {"train", "arithmetic", "--seed", "0", "--out", f.toString(), "--family", "small"}) {
            a.add(s);
        }
        ObjectNode c = p.putObject("config");
        ArrayNode ms = c.putArray("models");
        for (int i = 0; i < names.length; i++) {
            ms.addObject().put("name", names[i]).put("peak_lr", lrs[i]);
        }
        c.put("steps", steps).put("test_items", items);
        om.writeValue(f.resolve("provenance.json").toFile(), p);
        return f;
    }

    static DemoCommand demo(Path out) {
        DemoCommand d = new DemoCommand();
        new CommandLine(d).parseArgs("--out", out.toString());
        return d;
    }

    @Test
    void theTrainingOfTodaysPresetIsReused(@TempDir Path dir) throws Exception {
        // the provenance as `train arithmetic --family small` writes it: its config is the settings' definition()
        ArithmeticFamily small = ArithmeticFamily.SMALL;
        ArithmeticExperiment.Settings settings = new ArithmeticExperiment.Settings(ArithmeticTask.ADD, "mirage-add4-small",
                small.sizes(), small.steps(), 64, small.testItems(), 0, 200, 1024, 0, 1.0, small.peakLr(), false);
        Path f = training(dir, new String[0], new double[0], 0, 0);
        ObjectMapper om = new ObjectMapper();
        ObjectNode p = (ObjectNode) om.readTree(f.resolve("provenance.json").toFile());
        p.set("config", om.valueToTree(settings.definition()));
        om.writeValue(f.resolve("provenance.json").toFile(), p);
        assertThat(demo(dir).sameTraining(f)).isTrue();
    }

    @Test
    void aTrainingOfAnEarlierPresetWithTheSameArgumentsIsNot(@TempDir Path dir) throws Exception {
        String[] names = {"w16-l1", "w24-l1", "w32-l2", "w48-l2", "w64-l3", "w96-l3"};
        double[] lrs = {2.83e-3, 2.31e-3, 2e-3, 1.63e-3, 1.41e-3, 1.15e-3};
        Path f = training(dir, names, lrs, 4000, 1000);
        assertThat(demo(dir).sameTraining(f)).isFalse();
        ArithmeticFamily small = ArithmeticFamily.SMALL;
        String[] now = small.sizes().stream().map(ModelSpec::name).toArray(String[]::new);
        double[] nowLrs = small.sizes().stream().mapToDouble(m -> small.peakLr()).toArray();
        // today's models with another number of steps or another learning rate are not reused either
        assertThat(demo(dir).sameTraining(training(dir, now, nowLrs, 4000, small.testItems()))).isFalse();
        nowLrs[0] = 1e-3;
        assertThat(demo(dir).sameTraining(training(dir, now, nowLrs, small.steps(), small.testItems()))).isFalse();
    }
}
