import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// One approved answer (issue 16), shown verbatim with its version and legal basis; German and
// English with a note while the resident's translation is being updated. Print (the resident's
// language and German) and read aloud.
Rectangle {
    id: screen
    required property QtObject flowVm
    required property QtObject questionsVm
    readonly property QtObject vm: questionsVm

    color: Theme.background

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        TopBar {
            Layout.fillWidth: true
            title: screen.flowVm.officeName
            flowVm: screen.flowVm
            onHome: screen.flowVm.home()
            onBack: screen.vm.back()
        }

        Flickable {
            id: flick
            objectName: "answer_scroll"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: width
            contentHeight: body.implicitHeight + 2 * Theme.margin
            boundsBehavior: Flickable.StopAtBounds

            ColumnLayout {
                id: body
                width: Math.min(flick.width - 2 * Theme.margin, 1300 * Theme.scale)
                x: (flick.width - width) / 2
                y: Theme.margin / 2
                spacing: Theme.spacing

                Rectangle {
                    objectName: "answer_fallback_box"
                    visible: screen.vm.fallbackNote !== ""
                    Layout.fillWidth: true
                    Layout.preferredHeight: fallbackText.implicitHeight + 2 * Theme.spacing
                    radius: Theme.radius
                    color: Theme.demoBackground
                    border.color: Theme.demoBorder
                    border.width: 3
                    BodyText {
                        id: fallbackText
                        objectName: "answer_fallback_note"
                        anchors.fill: parent
                        anchors.margins: Theme.spacing
                        text: screen.vm.fallbackNote
                        font.weight: Font.DemiBold
                    }
                }

                // Each part in its own direction: German and English read left to right even
                // in an Arabic session.
                Repeater {
                    model: screen.vm.answerParts
                    delegate: ColumnLayout {
                        required property var modelData
                        required property int index
                        Layout.fillWidth: true
                        spacing: Math.round(Theme.spacing / 2)
                        LayoutMirroring.enabled: modelData.rtl
                        LayoutMirroring.childrenInherit: true
                        BodyText {
                            objectName: "answer_question_" + index
                            Layout.fillWidth: true
                            text: modelData.question
                            font.pixelSize: Theme.title
                            font.weight: Font.Bold
                        }
                        BodyText {
                            objectName: "answer_body_" + index
                            Layout.fillWidth: true
                            text: modelData.body
                        }
                        BodyText {
                            objectName: "answer_version_" + index
                            Layout.fillWidth: true
                            text: modelData.version
                            color: Theme.textMuted
                            font.pixelSize: Theme.small
                        }
                    }
                }

                BodyText {
                    objectName: "answer_legal_basis"
                    visible: screen.vm.legalBasis !== ""
                    Layout.fillWidth: true
                    text: screen.vm.legalBasis
                    color: Theme.textMuted
                    font.pixelSize: Theme.small
                }
                BodyText {
                    objectName: "answer_demo_note"
                    visible: screen.vm.demoNote !== ""
                    Layout.fillWidth: true
                    text: screen.vm.demoNote
                    color: Theme.textMuted
                    font.pixelSize: Theme.small
                }
            }
        }

        // Print, read aloud and the ways on stay in reach under a long answer.
        ColumnLayout {
            objectName: "answer_actions"
            Layout.fillWidth: true
            Layout.margins: Math.round(Theme.spacing * 0.8)
            spacing: Math.round(Theme.spacing / 2)
            BodyText {
                objectName: "answer_print_message"
                visible: screen.vm.printMessage !== ""
                Layout.fillWidth: true
                text: screen.vm.printMessage
                font.weight: Font.DemiBold
            }
            BodyText {
                objectName: "answer_speech_note"
                visible: screen.vm.speechNote !== ""
                Layout.fillWidth: true
                text: screen.vm.speechNote
                color: Theme.errorText
            }

            GridLayout {
                Layout.fillWidth: true
                columns: 2
                columnSpacing: Theme.spacing
                rowSpacing: Math.round(Theme.spacing / 2)
                BigButton {
                    objectName: "answer_print"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 100
                    enabled: !screen.vm.printing
                    primary: true
                    pixelSize: Theme.body
                    text: qsTr("Print")
                    onClicked: screen.vm.printAnswer()
                }
                BigButton {
                    objectName: "answer_read_aloud"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 100
                    pixelSize: Theme.body
                    text: qsTr("Read aloud")
                    onClicked: screen.vm.readAloud()
                }
                BigButton {
                    objectName: "answer_more_questions"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 100
                    pixelSize: Theme.body
                    text: qsTr("Other questions")
                    onClicked: screen.vm.back()
                }
                BigButton {
                    objectName: "answer_done"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 100
                    pixelSize: Theme.body
                    text: qsTr("Done")
                    onClicked: screen.vm.finish()
                }
            }
        }
    }
}
