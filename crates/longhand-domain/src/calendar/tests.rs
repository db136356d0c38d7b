//! Hand-checked cases for the calendar engine.
