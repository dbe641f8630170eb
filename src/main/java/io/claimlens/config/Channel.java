package io.claimlens.config;

/** The fulfilment channels a metric is reported for: all orders, seller- or platform-fulfilled. */
public enum Channel {
  ALL,
  MFN,
  AFN
}
