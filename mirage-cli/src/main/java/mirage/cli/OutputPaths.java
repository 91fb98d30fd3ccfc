package mirage.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import mirage.core.InputException;
import picocli.CommandLine;

/**
 * Checks of output paths made before any work, shared by the commands that write: an output is written as a new
 * file renamed into place ({@link mirage.io.AtomicFile}), so it must be a regular file or not exist (a device
 * such as /dev/null, a FIFO or a folder cannot be replaced), an output folder must be a folder, and no output may
 * replace one of the command's inputs. Each failure is bad input (exit code 2) in one sentence.
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /** An output file: absent, or a regular file (not a folder, device or FIFO). */
    static void file(CommandLine cl, String option, Path out) {
        if (out == null || !Files.exists(out)) {
            return;
        }
        if (Files.isDirectory(out)) {
            throw new CommandLine.ParameterException(cl, option + " " + out + " is a directory; give a file name");
        }
        if (!Files.isRegularFile(out)) {
            throw new CommandLine.ParameterException(cl, option + " " + out + " is not a regular file (a device or a FIFO): mirage "
                    + "writes its output to a new file and renames it into place, which cannot replace it; give a file name");
        }
    }

    /** An output folder: absent (it is made) or a folder. */
    static void folder(CommandLine cl, String option, Path out) {
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new CommandLine.ParameterException(cl, option + " " + out + " exists and is not a folder: give the folder to write "
                    + "the outputs into (it is made when missing)");
        }
    }

    /** Refuses when an output would replace an input (the same file, under any name: links are followed). */
    static void notAnInput(String option, Collection<Path> outputs, Collection<Path> inputs) throws IOException {
        for (Path o : outputs) {
            if (!Files.exists(o)) {
                continue;
            }
            for (Path in : inputs) {
                if (Files.exists(in) && Files.isSameFile(o, in)) {
                    throw new InputException(in.toString(), 0, null, "is an input of this command and would be replaced by its output "
                            + o + " (" + option + "); choose another " + option);
                }
            }
        }
    }
}
