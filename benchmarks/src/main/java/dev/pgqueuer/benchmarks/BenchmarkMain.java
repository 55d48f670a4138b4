package dev.pgqueuer.benchmarks;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The entry point of {@code benchmarks/run}: {@code SCENARIO [options]}. Every scenario of {@link Scenarios} is a
 * subcommand; {@code --help} lists them.
 */
@Command(name = "benchmarks/run", mixinStandardHelpOptions = true,
    description = "Runs one benchmark scenario; progress on stderr, one JSON object as the last stdout line.")
public final class BenchmarkMain implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.err);
  }

  /** Runs the scenario named by the first argument. */
  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new BenchmarkMain());
    for (Class<? extends Scenario> c : Scenarios.all()) {
      cl.addSubcommand(new CommandLine(c));
    }
    cl.setOut(new java.io.PrintWriter(System.err, true));
    int code = cl.execute(args);
    System.exit(code);
  }
}
