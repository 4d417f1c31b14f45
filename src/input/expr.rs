//! Workflow Definition Language expressions. (Being written.)
