package io.claimlens.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The declared contract of one input dataset (SPEC §1): its columns, its key, and the timestamps
 * that decide when a row is known (§1.1) and whether it predates its order (§1.2). The Spark and
 * Avro schemas are both derived from it, so readers, the sample generator and tests share one
 * declaration.
 */
public final class DatasetSchema {

  /** How a dataset's rows relate to orders and to time. */
  public enum Kind {
    /** The orders themselves. */
    ORDERS,
    /** Rows of an order, known with their order or at their own timestamp. */
    CHILD,
    /** State snapshots of an entity of an order: several rows per id, the latest known one wins. */
    SNAPSHOT
  }

  /** Whether a run can go without the dataset. */
  public enum Presence {
    REQUIRED,
    OPTIONAL
  }

  private final String name;
  private final Kind kind;
  private final Presence presence;
  private final List<ColumnSpec> columns;
  private final String idColumn;
  private final List<String> keyColumns;
  private final String knownAtColumn;
  private final String eventColumn;

  private DatasetSchema(Builder b) {
    this.name = b.name;
    this.kind = b.kind;
    this.presence = b.presence;
    this.columns = List.copyOf(b.columns);
    this.idColumn = b.idColumn;
    this.keyColumns = List.copyOf(b.keyColumns);
    this.knownAtColumn = b.knownAtColumn;
    this.eventColumn = b.eventColumn;
  }

  /** Starts a declaration of dataset {@code name}. */
  public static Builder builder(String name, Kind kind, Presence presence) {
    return new Builder(name, kind, presence);
  }

  /** The dataset's folder name under the input root. */
  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  /** Whether a run fails without this dataset (orders, claims). */
  public boolean isRequired() {
    return presence == Presence.REQUIRED;
  }

  public List<ColumnSpec> columns() {
    return columns;
  }

  /** The declared column called {@code column}, if any. */
  public Optional<ColumnSpec> column(String column) {
    return columns.stream().filter(c -> c.name().equals(column)).findFirst();
  }

  /** The column that names a row in quarantine (its own id). */
  public String idColumn() {
    return idColumn;
  }

  /** Columns that identify a row: two different rows with the same key conflict (§1.2). */
  public List<String> keyColumns() {
    return keyColumns;
  }

  /** The timestamp that makes a row known at D, if the row has one of its own (§1.1). */
  public Optional<String> knownAtColumn() {
    return Optional.ofNullable(knownAtColumn);
  }

  /** The event time that may not precede the order's purchase_ts (BEFORE_ORDER), if any. */
  public Optional<String> eventColumn() {
    return Optional.ofNullable(eventColumn);
  }

  /** The Spark schema conforming files are read as, in declaration order. */
  public StructType sparkSchema() {
    List<StructField> fields = new ArrayList<>();
    for (ColumnSpec c : columns) {
      fields.add(DataTypes.createStructField(c.name(), c.type().sparkType(), true));
    }
    return DataTypes.createStructType(fields);
  }

  /** The Avro record schema Parquet files of this dataset are written with. */
  public Schema avroSchema() {
    SchemaBuilder.FieldAssembler<Schema> fields =
        SchemaBuilder.record(name).namespace("io.claimlens.input").fields();
    for (ColumnSpec c : columns) {
      Schema type = c.type().avroType();
      Schema nullable = Schema.createUnion(Schema.create(Schema.Type.NULL), type);
      fields = fields.name(c.name()).type(nullable).withDefault(null);
    }
    return fields.endRecord();
  }

  /** Declaration steps for a {@link DatasetSchema}. */
  public static final class Builder {
    private final String name;
    private final Kind kind;
    private final Presence presence;
    private final List<ColumnSpec> columns = new ArrayList<>();
    private String idColumn;
    private final List<String> keyColumns = new ArrayList<>();
    private String knownAtColumn;
    private String eventColumn;

    private Builder(String name, Kind kind, Presence presence) {
      this.name = name;
      this.kind = kind;
      this.presence = presence;
    }

    /** Declares the next column. */
    public Builder column(ColumnSpec column) {
      columns.add(column);
      return this;
    }

    /** The row's own id and the full key that must be unique among known rows. */
    public Builder key(String id, String... moreKeyColumns) {
      this.idColumn = id;
      keyColumns.add(id);
      keyColumns.addAll(List.of(moreKeyColumns));
      return this;
    }

    /** The row's own timestamp that must be known at D for the row to be (SPEC §1.1). */
    public Builder knownAt(String timestampColumn) {
      this.knownAtColumn = timestampColumn;
      return this;
    }

    /** The event time that may not precede its order's purchase_ts (BEFORE_ORDER). */
    public Builder notBeforeOrder(String timestampColumn) {
      this.eventColumn = timestampColumn;
      return this;
    }

    /** The finished declaration. */
    public DatasetSchema build() {
      return new DatasetSchema(this);
    }
  }
}
