//! [`Decode`] for the questionnaire types the widget reads: a survey with the reader's own
//! answers and its results, and the answer to a reader's answer.

use kiosque_protocol::{
    Answer, OptionCount, QuestionResult, Survey, SurveyAnswerResult, SurveyResults, SurveySeries,
    SurveyState,
};

use super::{Decode, Value};

decode_by_name!(SurveyState);

impl Decode for u8 {
    fn decode(value: &Value) -> Option<Self> {
        u8::try_from(u32::decode(value)?).ok()
    }
}

impl Decode for Answer {
    fn decode(v: &Value) -> Option<Self> {
        Some(Answer {
            question: v.req("question")?,
            text: v.opt("text")?,
            choices: v.or_default("choices")?,
            checked: v.opt("checked")?,
            scale: v.opt("scale")?,
        })
    }
}

impl Decode for SurveySeries {
    fn decode(v: &Value) -> Option<Self> {
        Some(SurveySeries {
            id: v.req("id")?,
            title: v.req("title")?,
        })
    }
}

impl Decode for OptionCount {
    fn decode(v: &Value) -> Option<Self> {
        Some(OptionCount {
            option: v.req("option")?,
            count: v.req("count")?,
        })
    }
}

impl Decode for QuestionResult {
    fn decode(v: &Value) -> Option<Self> {
        Some(QuestionResult {
            question: v.req("question")?,
            label: v.req("label")?,
            answered: v.req("answered")?,
            options: v.req("options")?,
        })
    }
}

impl Decode for SurveyResults {
    fn decode(v: &Value) -> Option<Self> {
        Some(SurveyResults {
            answers: v.req("answers")?,
            questions: v.req("questions")?,
        })
    }
}

impl Decode for Survey {
    fn decode(v: &Value) -> Option<Self> {
        Some(Survey {
            id: v.req("id")?,
            title: v.req("title")?,
            introduction: v.or_default("introduction")?,
            questions: v.or_default("questions")?,
            state: v.req("state")?,
            opens_at: v.opt("opens_at")?,
            closes_at: v.opt("closes_at")?,
            email_consent: v.opt("email_consent")?,
            results_note: v.or_default("results_note")?,
            series: v.opt("series")?,
            results: v.opt("results")?,
            your_answers: v.opt("your_answers")?,
        })
    }
}

impl Decode for SurveyAnswerResult {
    fn decode(v: &Value) -> Option<Self> {
        Some(SurveyAnswerResult {
            replaced: v.req("replaced")?,
        })
    }
}
