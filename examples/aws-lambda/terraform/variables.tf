variable "region" {
  description = "The AWS region to deploy to."
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Name of the function, its role, log group and HTTP API."
  type        = string
  default     = "flasky"
}

variable "table_name" {
  description = "Name of the DynamoDB table holding the candidates."
  type        = string
  default     = "Candidates"
}

variable "package" {
  description = "Path of the deployment zip (flasky-lambda.zip, bootstrap at its root) that `cmake --build <build> --target flasky-lambda_package` writes to <build>/examples/aws-lambda/ (default: the build/ directory of `cmake --preset default`)."
  type        = string
  default     = "../../../build/examples/aws-lambda/flasky-lambda.zip"
}

variable "memory_size" {
  description = "Memory of the function, in MB."
  type        = number
  default     = 128
}

variable "log_retention_days" {
  description = "How long CloudWatch keeps the function's logs."
  type        = number
  default     = 14
}
