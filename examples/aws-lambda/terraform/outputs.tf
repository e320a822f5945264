output "api_url" {
  description = "Base URL of the HTTP API (every route needs a SigV4-signed request)."
  value       = aws_apigatewayv2_api.api.api_endpoint
}

output "function_name" {
  description = "Name of the Lambda function."
  value       = aws_lambda_function.api.function_name
}

output "table_name" {
  description = "Name of the DynamoDB table."
  value       = aws_dynamodb_table.candidates.name
}

output "invoke_policy_arn_pattern" {
  description = "The execute-api resource to allow (execute-api:Invoke) for callers of the API."
  value       = "${aws_apigatewayv2_api.api.execution_arn}/*/*"
}
