package io.claimlens.report;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The column a component of a report record is read from: one of the published tables' column
 * constants, or a column a report query names ({@link RecordRows}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@interface From {
  String value();
}
