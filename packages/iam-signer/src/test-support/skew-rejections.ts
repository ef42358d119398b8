/**
 * AWS answers to a request signed with a skewed clock, as published in public issue threads (quoted
 * verbatim where the thread quotes the body; the status and error-type header as the thread or the
 * service's protocol gives them). Each names the request's `x-amz-date` it quotes and the server time it
 * carries, read by hand from the published text, not from ky-auth.
 */
export interface SkewRejection {
  readonly name: string;
  readonly source: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The request's `x-amz-date`, as the rejection quotes it. */
  readonly signedAt: string;
  /** The server's time the body carries, ISO 8601. */
  readonly serverTime: string;
}

export const skewRejections: readonly SkewRejection[] = [
  {
    name: "API Gateway (AWS_IAM) 'Signature expired'",
    source: 'https://github.com/mhart/aws4/issues/118 (an IAM-authorized API Gateway, 403)',
    status: 403,
    headers: {
      'content-type': 'application/json',
      'x-amzn-errortype':
        'InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/',
    },
    body: '{"message":"Signature expired: 20201027T123008Z is now earlier than 20201027T125507Z (20201027T130007Z - 5 min.)"}',
    signedAt: '20201027T123008Z',
    serverTime: '2020-10-27T13:00:07Z',
  },
  {
    name: "API Gateway 'Signature not yet current'",
    source: 'https://github.com/NickWaterton/Roomba980-Python/issues/118 ("Error: 403, {…}")',
    status: 403,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'InvalidSignatureException' },
    body: '{"message":"Signature not yet current: 20230804T000000Z is still later than 20230803T172233Z (20230803T171733Z + 5 min.)"}',
    signedAt: '20230804T000000Z',
    serverTime: '2023-08-03T17:17:33Z',
  },
  {
    name: 'a Lambda function URL (Message, no error-type header)',
    source:
      'the API Gateway sentence of https://github.com/jlevers/selling-partner-api/issues/32, in the `Message` field function URLs answer with (fixtures/api-gateway-errors/lambda-url-forbidden.json)',
    status: 403,
    headers: { 'content-type': 'application/json' },
    body: '{"Message":"Signature expired: 20210527T091025Z is now earlier than 20210527T093851Z (20210527T094351Z - 5 min.)"}',
    signedAt: '20210527T091025Z',
    serverTime: '2021-05-27T09:43:51Z',
  },
  {
    name: "a JSON service's 400 InvalidSignatureException (15 min. window)",
    source: 'https://github.com/aws/aws-sdk-js/issues/254 (statusCode 400, code InvalidSignatureException)',
    status: 400,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-errortype': 'InvalidSignatureException',
    },
    body: '{"__type":"InvalidSignatureException","message":"Signature expired: 20140325T143453Z is now earlier than 20140325T143751Z (20140325T145251Z - 15 min.)"}',
    signedAt: '20140325T143453Z',
    serverTime: '2014-03-25T14:52:51Z',
  },
  {
    name: "S3's 403 RequestTimeTooSkewed",
    source:
      'https://github.com/aws/aws-sdk-php/issues/612 ("Client error: 403 RequestTimeTooSkewed", body verbatim)',
    status: 403,
    headers: { 'content-type': 'application/xml' },
    body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message><RequestTime>20150604T232559Z</RequestTime><ServerTime>2015-06-04T22:26:16Z</ServerTime><MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds><RequestId>9E09E2E8D09D863C</RequestId><HostId>CQl85Ol1ejSfxwCFffw880W3OsDNI+FtTYPrQFjJVtM6vmd4pWJaOCuNEWtZPUfjhYRHByziBxg=</HostId></Error>',
    signedAt: '20150604T232559Z',
    serverTime: '2015-06-04T22:26:16Z',
  },
  {
    name: "a query service's 403 SignatureDoesNotMatch (STS envelope)",
    source:
      'the message of https://github.com/aws/aws-cli/issues/6676 (GetCallerIdentity) in the ErrorResponse envelope of https://github.com/cognitect-labs/aws-api/issues/27; status 403 as https://github.com/aws/aws-xray-daemon/issues/38 reports it',
    status: 403,
    headers: { 'content-type': 'text/xml' },
    body: '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <Error>\n    <Type>Sender</Type>\n    <Code>SignatureDoesNotMatch</Code>\n    <Message>Signature expired: 20220127T001427Z is now earlier than 20220127T014428Z (20220127T015928Z - 15 min.)</Message>\n  </Error>\n  <RequestId>9761b2b6-20d0-11ea-aa35-8137046d754e</RequestId>\n</ErrorResponse>\n',
    signedAt: '20220127T001427Z',
    serverTime: '2022-01-27T01:59:28Z',
  },
];
