package io.claimlens.schema;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/** The column types the input contract uses, with their Spark and Avro (Parquet) forms. */
public enum ColumnType {
  STRING("string", DataTypes.StringType),
  TIMESTAMP("timestamp", DataTypes.TimestampType),
  DECIMAL("decimal(18,2)", DataTypes.createDecimalType(18, 2)),
  INT("int", DataTypes.IntegerType),
  BOOLEAN("boolean", DataTypes.BooleanType);

  private final String displayName;
  private final DataType sparkType;

  ColumnType(String displayName, DataType sparkType) {
    this.displayName = displayName;
    this.sparkType = sparkType;
  }

  /** The type as the SPEC and error messages spell it. */
  public String displayName() {
    return displayName;
  }

  /** The Spark SQL type a conforming column is read as. */
  public DataType sparkType() {
    return sparkType;
  }

  /**
   * Whether a column of {@code found} type reads as this type without loss. Narrower integers and
   * decimals whose every value fits decimal(18,2) are accepted, as Parquet writers differ on those.
   */
  public boolean accepts(DataType found) {
    if (found.equals(sparkType)) {
      return true;
    }
    switch (this) {
      case INT:
        return found.equals(DataTypes.ShortType) || found.equals(DataTypes.ByteType);
      case DECIMAL:
        if (found instanceof DecimalType) {
          DecimalType d = (DecimalType) found;
          return d.scale() <= 2 && d.precision() - d.scale() <= 16;
        }
        return false;
      default:
        return false;
    }
  }

  /** The non-null Avro schema that Parquet files of this type are written with. */
  public Schema avroType() {
    switch (this) {
      case STRING:
        return Schema.create(Schema.Type.STRING);
      case TIMESTAMP:
        // timestamp-micros: an instant, read by Spark as TimestampType
        return LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
      case DECIMAL:
        return LogicalTypes.decimal(18, 2)
            .addToSchema(Schema.createFixed("decimal_18_2", null, null, 8));
      case INT:
        return Schema.create(Schema.Type.INT);
      case BOOLEAN:
        return Schema.create(Schema.Type.BOOLEAN);
      default:
        throw new IllegalStateException("no Avro form for " + this);
    }
  }
}
