"""The cognito-idp model the fake implements (shipped in the package) and what reads it:
input validation in AWS's words and the output-shape check."""

from .shapes import Operation, ServiceModel, Shape, shipped
from .validate import (
    TARGET_PREFIX,
    OutputShapeError,
    check_output,
    error_names,
    is_signed,
    java_pattern,
    member_names,
    operation,
    operation_names,
    release,
    shape,
    unknown_operation,
    validate,
)

__all__ = [
    "TARGET_PREFIX",
    "Operation",
    "OutputShapeError",
    "ServiceModel",
    "Shape",
    "check_output",
    "error_names",
    "is_signed",
    "java_pattern",
    "member_names",
    "operation",
    "operation_names",
    "release",
    "shape",
    "shipped",
    "unknown_operation",
    "validate",
]
