// The event loop's deadlines are `MonotonicClock` nanoseconds from the foundation module; every
// file of this module sees it without its own import.
@_exported import TesseraCore
