package io.claimlens.samples;

import io.claimlens.schema.DatasetSchema;
import io.claimlens.schema.InputDatasets;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Writes a realistic synthetic marketplace as the job's input: all seven datasets as Parquet,
 * {@code <output>/<dataset>/part-00000.parquet}, deterministic for a seed. Used for the committed
 * sample ({@code scripts/generate-samples.sh}) and for benchmarks ({@code scripts/bench.sh}).
 *
 * <p>Orders are generated one at a time with all their rows, so memory stays flat however many
 * orders are asked for.
 */
public final class SampleGenerator {
  /** Exit code for bad arguments, as for the job itself (SPEC §5). */
  static final int EXIT_BAD_ARGUMENTS = 2;

  /** Exit code for any other failure. */
  static final int EXIT_FAILURE = 1;

  /** Random stream of the regular orders (see {@link Dice#of}). */
  private static final long ORDER_STREAM = 0x0dde5L;

  private final GeneratorOptions options;

  SampleGenerator(GeneratorOptions options) {
    this.options = options;
  }

  /** Parses the arguments, generates the data set and prints rows per dataset. */
  public static void main(String[] args) {
    GeneratorOptions options;
    try {
      options = GeneratorOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(
          "SampleGenerator: " + e.getMessage() + " (" + GeneratorOptions.USAGE + ")");
      System.exit(EXIT_BAD_ARGUMENTS);
      return;
    }
    try {
      new SampleGenerator(options).run(System.out);
    } catch (IOException | RuntimeException e) {
      System.err.println("SampleGenerator: failed: " + e);
      e.printStackTrace(System.err);
      System.exit(EXIT_FAILURE);
    }
  }

  /** Generates the data set and reports what was written on {@code out}. */
  void run(PrintStream out) throws IOException {
    long started = System.nanoTime();
    Timeline timeline = Timeline.ending(options.endDate(), options.days());
    SellerCatalog catalog = SellerCatalog.create(options.seed(), options.orders());
    ParquetSink sink = ParquetSink.open(options.output());
    try (sink) {
      OrderSimulator simulator = new OrderSimulator(catalog, timeline, options.orders());
      AfterSalesSimulator afterSales = new AfterSalesSimulator(sink, timeline);
      for (long n = 1; n <= options.orders(); n++) {
        Dice dice = Dice.of(options.seed(), ORDER_STREAM, n);
        SimulatedOrder order = simulator.simulate(Ids.of("O", n), dice);
        OrderRows.write(sink, order);
        afterSales.simulate(order, dice);
      }
      new Showcase(sink, new PlantedOrders(catalog, timeline, Showcase.FIRST_CHILD_ID), timeline)
          .write();
      if (options.badRows()) {
        new BadRows(sink, new PlantedOrders(catalog, timeline, BadRows.FIRST_CHILD_ID), timeline)
            .write();
      }
    }
    report(out, sink, catalog, timeline, (System.nanoTime() - started) / 1e9);
  }

  private void report(
      PrintStream out, ParquetSink sink, SellerCatalog catalog, Timeline timeline, double seconds) {
    out.printf(
        Locale.ROOT,
        "wrote %s: %d orders (+ planted cases%s), %d sellers, purchase days %s..%s, meant for"
            + " as-of %s%n",
        options.output(),
        options.orders(),
        options.badRows() ? " and bad rows" : "",
        catalog.size(),
        timeline.firstDay(),
        timeline.lastDay(),
        timeline.naturalAsOf());
    long total = 0;
    for (DatasetSchema dataset : InputDatasets.ALL) {
      long rows = sink.rows(dataset);
      total += rows;
      out.printf(Locale.ROOT, "  %-12s %,12d rows%n", dataset.name(), rows);
    }
    out.printf(Locale.ROOT, "  %-12s %,12d rows in %.1f s%n", "total", total, seconds);
  }
}
