package io.claimlens.samples;

import io.claimlens.schema.DatasetSchema;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * One input row under construction: an Avro record of its dataset's declared schema, filled by
 * column constant. Setting a column the schema does not declare fails at once.
 */
final class Row {
  private final DatasetSchema dataset;
  private final GenericData.Record record;

  Row(DatasetSchema dataset, Schema avroSchema) {
    this(dataset, new GenericData.Record(avroSchema));
  }

  private Row(DatasetSchema dataset, GenericData.Record record) {
    this.dataset = dataset;
    this.record = record;
  }

  /** Sets {@code column}; decimals are brought to the declared scale of 2. */
  Row set(String column, Object value) {
    if (value instanceof BigDecimal) {
      value = ((BigDecimal) value).setScale(2, RoundingMode.HALF_UP);
    }
    record.put(column, value);
    return this;
  }

  /**
   * An independent copy, to plant a variant of this row or record its next state. Shallow: every
   * value is immutable (String, Instant, BigDecimal, Integer, Boolean), and Avro's deep copy does
   * not know Instant.
   */
  Row copy() {
    GenericData.Record copy = new GenericData.Record(record.getSchema());
    for (int i = 0; i < record.getSchema().getFields().size(); i++) {
      copy.put(i, record.get(i));
    }
    return new Row(dataset, copy);
  }

  DatasetSchema dataset() {
    return dataset;
  }

  GenericData.Record record() {
    return record;
  }
}
